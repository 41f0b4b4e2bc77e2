import { describe, expect, it, jest } from '@jest/globals';
import type { Batch, EachBatchPayload, KafkaMessage } from 'kafkajs';
import pino from 'pino';
import type { IncomingMessage } from '../../ports/transport.port';
import { retryPolicy } from '../../runtime/retry/retry-policy';
import { createBatchHandler } from './kafka-batch.handler';
import {
  KafkaTransportEvents,
  KafkaTransportInstrumentation,
  type CommitErrorEvent,
  type HandlerErrorEvent,
} from './kafka-transport.events';

const TOPIC = 'orders';
const PARTITION = 2;

const kafkaMessage = (offset: number): KafkaMessage => ({
  offset: String(offset),
  key: Buffer.from('root'),
  value: Buffer.from(`v${offset}`),
  headers: {},
  timestamp: '0',
  attributes: 0,
});

/** A kafkajs eachBatch payload over messages at `offsets`, recording what the handler did with it. */
function fakePayload(offsets: number[], overrides: Partial<EachBatchPayload> = {}) {
  let resolved: string | undefined;
  const calls: string[] = [];
  const payload: EachBatchPayload = {
    batch: { topic: TOPIC, partition: PARTITION, messages: offsets.map(kafkaMessage) } as Batch,
    resolveOffset: (offset) => {
      resolved = String(Number(offset) + 1);
      calls.push(`resolve ${offset}`);
    },
    heartbeat: () => Promise.resolve(),
    pause: () => {
      calls.push('pause');
      return () => void calls.push('resume');
    },
    commitOffsetsIfNecessary: (offsets) => {
      calls.push(`commit ${offsets?.topics[0]?.partitions[0]?.offset}`);
      return Promise.resolve();
    },
    // kafkajs keys partitions by string here.
    uncommittedOffsets: () =>
      ({
        topics: resolved
          ? [{ topic: TOPIC, partitions: [{ partition: String(PARTITION), offset: resolved }] }]
          : [],
      }) as unknown as ReturnType<EachBatchPayload['uncommittedOffsets']>,
    isRunning: () => true,
    isStale: () => false,
    ...overrides,
  };
  return { payload, calls };
}

function setup(handler: (m: IncomingMessage) => Promise<void>) {
  const events = new KafkaTransportInstrumentation(pino({ level: 'silent' }));
  const handlerErrors: HandlerErrorEvent[] = [];
  const commitErrors: CommitErrorEvent[] = [];
  events.on(KafkaTransportEvents.HandlerError, (e) => void handlerErrors.push(e));
  events.on(KafkaTransportEvents.CommitError, (e) => void commitErrors.push(e));
  const scheduled: Array<{ delayMs: number; task: () => void }> = [];
  const eachBatch = createBatchHandler({
    groupId: 'g',
    handler,
    redelivery: retryPolicy({ initialDelayMs: 100, maxDelayMs: 1_000 }),
    logger: pino({ level: 'silent' }),
    events,
    schedule: (delayMs, task) => void scheduled.push({ delayMs, task }),
  });
  return { eachBatch, handlerErrors, commitErrors, scheduled };
}

describe('the Kafka batch handler', () => {
  it('resolves each message after its handler, and commits the batch once at its end', async () => {
    const seen: string[] = [];
    const { eachBatch } = setup((m) => Promise.resolve(void seen.push(m.offset)));
    const { payload, calls } = fakePayload([5, 6, 7]);

    await eachBatch(payload);

    expect(seen).toEqual(['5', '6', '7']);
    expect(calls).toEqual(['resolve 5', 'resolve 6', 'resolve 7', 'commit 8']);
  });

  it('stops at a failed message: leaves it unresolved, pauses the partition and resumes it later', async () => {
    const seen: string[] = [];
    const { eachBatch, handlerErrors, scheduled } = setup((m) => {
      seen.push(m.offset);
      return m.offset === '6' ? Promise.reject(new Error('boom')) : Promise.resolve();
    });
    const first = fakePayload([5, 6, 7]);

    await eachBatch(first.payload);

    expect(seen).toEqual(['5', '6']);
    expect(first.calls).toEqual(['resolve 5', 'pause', 'commit 6']);
    expect(handlerErrors).toMatchObject([
      { topic: TOPIC, partition: PARTITION, offset: '6', attempt: 1 },
    ]);
    expect(scheduled).toHaveLength(1);
    expect(scheduled[0]!.delayMs).toBeGreaterThanOrEqual(80);
    expect(scheduled[0]!.delayMs).toBeLessThanOrEqual(120);
    scheduled[0]!.task();
    expect(first.calls.at(-1)).toBe('resume');

    // kafkajs fetches again from the unresolved message; a second failure backs off longer.
    await eachBatch(fakePayload([6, 7]).payload);
    expect(handlerErrors.map((e) => e.attempt)).toEqual([1, 2]);
    expect(scheduled[1]!.delayMs).toBeGreaterThanOrEqual(160);
  });

  it('treats a synchronous throw like a rejection', async () => {
    const { eachBatch, handlerErrors } = setup(() => {
      throw new Error('sync');
    });
    const { payload, calls } = fakePayload([1]);

    await expect(eachBatch(payload)).resolves.toBeUndefined();
    expect(calls).toEqual(['pause']);
    expect(handlerErrors).toHaveLength(1);
  });

  it('stops handing out messages once the consumer stops, committing what was handled', async () => {
    let running = true;
    const { eachBatch } = setup(() => Promise.resolve(void (running = false)));
    const { payload, calls } = fakePayload([1, 2, 3], { isRunning: () => running });

    await eachBatch(payload);

    expect(calls).toEqual(['resolve 1', 'commit 2']);
  });

  it('commits the handled messages before a rebalance error reaches kafkajs', async () => {
    const { eachBatch } = setup(() => Promise.resolve());
    const rebalancing = new Error('The group is rebalancing');
    const { payload, calls } = fakePayload([1, 2], {
      heartbeat: () => Promise.reject(rebalancing),
    });

    await expect(eachBatch(payload)).rejects.toBe(rebalancing);
    expect(calls).toEqual(['resolve 1', 'commit 2']);
  });

  it('reports a failed commit instead of throwing it', async () => {
    const { eachBatch, commitErrors } = setup(() => Promise.resolve());
    const commit = jest.fn(() => Promise.reject(new Error('coordinator gone')));
    const { payload } = fakePayload([1], { commitOffsetsIfNecessary: commit });

    await expect(eachBatch(payload)).resolves.toBeUndefined();
    expect(commitErrors).toMatchObject([{ topic: TOPIC, partition: PARTITION, offset: '2' }]);
  });
});
