import { uniqueName, waitFor } from './wait';

describe('waitFor', () => {
  it('resolves with the first value that is not false, null or undefined', async () => {
    const answers = [undefined, false, null, 0];

    await expect(waitFor(() => answers.shift(), { intervalMs: 1 })).resolves.toBe(0);
  });

  it('treats a throwing condition as not met yet', async () => {
    let calls = 0;
    const condition = (): string => {
      calls += 1;
      if (calls < 3) throw new Error('not yet');
      return 'done';
    };

    await expect(waitFor(condition, { intervalMs: 1 })).resolves.toBe('done');
  });

  it('fails with the message and the last error when time runs out', async () => {
    const never = (): boolean => {
      throw new Error('broker unreachable');
    };

    await expect(
      waitFor(never, { timeoutMs: 30, intervalMs: 5, message: 'the message to arrive' }),
    ).rejects.toThrow(/the message to arrive not met within 30 ms; last error: broker unreachable/);
  });
});

describe('uniqueName', () => {
  it('gives distinct names that are valid Kafka topic names', () => {
    const names = new Set(Array.from({ length: 100 }, () => uniqueName('orders')));

    expect(names.size).toBe(100);
    for (const name of names) expect(name).toMatch(/^orders-[a-z0-9]+-[0-9a-f]{8}$/);
  });

  it('rejects a prefix Kafka would not accept', () => {
    expect(() => uniqueName('no spaces')).toThrow(TypeError);
  });
});
