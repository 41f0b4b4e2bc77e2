import { afterEach, beforeEach, expect } from '@jest/globals';
import { create, toBinary } from '@bufbuild/protobuf';
import { anyPack } from '@bufbuild/protobuf/wkt';
import { randomUUID } from 'node:crypto';
import { EventPageSchema, type EventPage } from '../../gen/sagakit/v1/envelope_pb';
import { NoOpSchema } from '../../gen/sagakit/v1/failure_pb';
import type { EventStore, Outbox, OutboxMessage, StreamId } from '../../ports/event-store.port';
import { testTimeout, type EventStoreConformanceFactory } from './conformance-factory';
import { bytes } from './fixtures';

/** What each event store conformance test gets: a fresh store and fixture builders. */
export interface EventStoreTestContext {
  readonly store: EventStore & Outbox;
  readonly timeout: number;
  /** A stream no other test writes to. */
  stream(domain?: string): StreamId;
}

export function useEventStore(factory: EventStoreConformanceFactory): EventStoreTestContext {
  let current: (EventStore & Outbox) | undefined;
  beforeEach(async () => {
    current = await factory.create();
  });
  afterEach(async () => {
    const store = current;
    current = undefined;
    if (store) await factory.dispose?.(store);
  });
  return {
    get store(): EventStore & Outbox {
      if (!current) throw new Error('the event store is only available inside a test');
      return current;
    },
    timeout: testTimeout(factory),
    stream: (domain = 'conformance') => ({ domain, root: randomUUID() }),
  };
}

/** A page holding a framework event, distinguishable by `tag`. */
export function page(sequence: number, tag = `event-${sequence}`): EventPage {
  return create(EventPageSchema, {
    sequence: BigInt(sequence),
    eventId: `${tag}-id`,
    causationId: `${tag}-cause`,
    createdAt: { seconds: 1_700_000_000n + BigInt(sequence), nanos: 5 },
    event: anyPack(
      NoOpSchema,
      create(NoOpSchema, { originalSequence: BigInt(sequence), reason: tag }),
    ),
  });
}

/** Consecutive pages from `from`. */
export function pages(from: number, count: number, tag = 'event'): EventPage[] {
  return Array.from({ length: count }, (_, i) => page(from + i, `${tag}-${from + i}`));
}

export function outboxMessage(id: string, stream: StreamId): OutboxMessage {
  return {
    id,
    topic: `sagakit.${stream.domain}.events`,
    key: stream.root,
    value: bytes(`payload of ${id}`),
    headers: { 'message-id': id, 'correlation-id': `corr-${id}` },
  };
}

/** Asserts two page lists hold the same messages, byte for byte. */
export function expectSamePages(
  actual: readonly EventPage[],
  expected: readonly EventPage[],
): void {
  const hex = (p: EventPage): string => Buffer.from(toBinary(EventPageSchema, p)).toString('hex');
  expect(actual.map(hex)).toEqual(expected.map(hex));
}

/** Ids of the pending outbox messages, oldest first. */
export async function pendingIds(outbox: Outbox, limit = 1000): Promise<string[]> {
  return (await outbox.pending(limit)).map((m) => m.id);
}
