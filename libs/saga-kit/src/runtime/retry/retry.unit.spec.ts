import { CommandRejectedError } from '../../errors/command-rejected.error';
import { ConcurrencyError } from '../../errors/concurrency.error';
import { RetriesExhaustedError, TransientError } from '../../errors/transient.error';
import { backoffDelay } from './backoff';
import { isRetriable } from './is-retriable';
import { retry } from './retry';
import { DEFAULT_RETRY_POLICY, retryPolicy } from './retry-policy';

/** A sleep that records the requested delays and never waits. */
function recordingSleep(): { sleep: (ms: number) => Promise<void>; delays: number[] } {
  const delays: number[] = [];
  return { delays, sleep: (ms) => (delays.push(ms), Promise.resolve()) };
}

describe('backoffDelay', () => {
  const policy = retryPolicy({ initialDelayMs: 100, multiplier: 2, maxDelayMs: 1000, jitter: 0.2 });

  it('grows exponentially and is capped, without jitter at the midpoint', () => {
    const mid = () => 0.5;
    expect([1, 2, 3, 4, 5, 6].map((r) => backoffDelay(r, policy, mid))).toEqual([
      100, 200, 400, 800, 1000, 1000,
    ]);
  });

  it('spreads each delay by at most the jitter fraction', () => {
    expect(backoffDelay(2, policy, () => 0)).toBe(160);
    expect(backoffDelay(2, policy, () => 0.999999)).toBe(240);
    for (let i = 0; i < 200; i++) {
      const d = backoffDelay(3, policy);
      expect(d).toBeGreaterThanOrEqual(320);
      expect(d).toBeLessThanOrEqual(480);
    }
  });

  it('rejects a retry number below 1', () => {
    expect(() => backoffDelay(0, policy)).toThrow(TypeError);
  });
});

describe('retryPolicy', () => {
  it('fills defaults and rejects nonsense', () => {
    expect(retryPolicy({ retries: 2 })).toEqual({ ...DEFAULT_RETRY_POLICY, retries: 2 });
    expect(() => retryPolicy({ retries: -1 })).toThrow(/retries/);
    expect(() => retryPolicy({ jitter: 2 })).toThrow(/jitter/);
    expect(() => retryPolicy({ multiplier: 0.5 })).toThrow(/multiplier/);
  });
});

describe('isRetriable', () => {
  it('retries errors that say they are retriable', () => {
    expect(isRetriable(new TransientError('redis down'))).toBe(true);
    expect(isRetriable(new ConcurrencyError('s', 1, 2))).toBe(true);
    expect(isRetriable({ name: 'KafkaJSConnectionError', retriable: true })).toBe(true);
  });

  it('never retries rejections, programming errors or unknown faults', () => {
    expect(isRetriable(new CommandRejectedError('player_folded'))).toBe(false);
    expect(isRetriable(new TypeError('x is undefined'))).toBe(false);
    expect(isRetriable(Object.assign(new TypeError('flagged'), { retriable: true }))).toBe(false);
    expect(isRetriable(new Error('boom'))).toBe(false);
    expect(isRetriable('a string')).toBe(false);
  });
});

describe('retry', () => {
  it('returns the first success and pauses with backoff between attempts', async () => {
    const { sleep, delays } = recordingSleep();
    let calls = 0;
    const result = await retry(
      async (attempt) => {
        calls++;
        if (attempt < 3) throw new TransientError('flaky');
        return Promise.resolve('ok');
      },
      { sleep, random: () => 0.5, policy: retryPolicy({ initialDelayMs: 10 }) },
    );
    expect(result).toBe('ok');
    expect(calls).toBe(3);
    expect(delays).toEqual([10, 20]);
  });

  it('rethrows a non-retriable error at once, unchanged', async () => {
    const { sleep, delays } = recordingSleep();
    const bug = new TypeError('cannot read property');
    let calls = 0;
    await expect(
      retry(
        () => {
          calls++;
          return Promise.reject(bug);
        },
        { sleep },
      ),
    ).rejects.toBe(bug);
    expect(calls).toBe(1);
    expect(delays).toEqual([]);
  });

  it('gives up after retries + 1 attempts with RetriesExhaustedError carrying the last error', async () => {
    const { sleep, delays } = recordingSleep();
    const last = new TransientError('still down');
    const error: unknown = await retry(() => Promise.reject(last), {
      sleep,
      policy: retryPolicy({ retries: 2 }),
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RetriesExhaustedError);
    expect((error as RetriesExhaustedError).attempts).toBe(3);
    expect((error as RetriesExhaustedError).cause).toBe(last);
    expect(delays).toHaveLength(2);
  });

  it('ignores a throwing onRetry listener', async () => {
    const { sleep } = recordingSleep();
    let attempts = 0;
    await expect(
      retry(
        async () => {
          if (++attempts === 1) throw new TransientError('once');
          return Promise.resolve(attempts);
        },
        {
          sleep,
          onRetry: () => {
            throw new Error('listener bug');
          },
        },
      ),
    ).resolves.toBe(2);
  });
});
