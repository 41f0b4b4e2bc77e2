import { create } from '@bufbuild/protobuf';
import { anyIs, anyPack, anyUnpack, timestampFromDate, type Any } from '@bufbuild/protobuf/wkt';
import { MessageParkedSchema, MessageUnparkedSchema } from '../../gen/sagakit/v1/dead_letter_pb';
import { EventPageSchema, type EventPage } from '../../gen/sagakit/v1/envelope_pb';
import { deterministicId } from '../../messaging/ids';
import type { Clock } from '../../ports/clock.port';
import { systemClock } from '../../ports/clock.port';
import type { EventStore, StreamId } from '../../ports/event-store.port';
import { withConflictRetry } from '../aggregate/conflict-retry';
import { toWireSequence } from '../envelope/sequence';
import { CONFLICT_RETRY_POLICY, retryPolicy } from '../retry/retry-policy';

/** Pseudo-domain of the streams that hold parking queues. */
export const PARKING_STREAM_DOMAIN = 'sagakit-parking';

/** Dead-letter reason of a message set aside because an earlier one of its key is parked. */
export const PARKED = 'parked';

/** How a dead letter leaves its parking queue. */
export interface UnparkOptions {
  /** Why: `handled` (its replay went through), `discarded`, `replaced`, ... */
  reason: string;
  /** A dead letter that takes its place in the queue (its replay failed again). */
  replacedBy?: string;
}

/**
 * Per-key parking queues of a consumer: the dead letters that hold a key up, oldest first. While
 * a key's queue is not empty, the consumer dead-letters every later message of that key as
 * `parked` instead of handling it, so no message overtakes one that failed before it.
 * A `lane` is one consumer (its component name); a `key` is a message key (an aggregate root).
 */
export interface ParkingLot {
  /** The dead letters parked on a key, oldest first; empty when the key flows. */
  parked(lane: string, key: string): Promise<readonly string[]>;
  /** Appends a dead letter to the key's queue; parking it again changes nothing. */
  park(lane: string, key: string, deadLetterId: string, reason: string): Promise<void>;
  /** Takes a dead letter out of the queue (or puts `replacedBy` in its place); `false` if it was not there. */
  unpark(lane: string, key: string, deadLetterId: string, options: UnparkOptions): Promise<boolean>;
}

/** Up to 20 attempts, with the conflict backoff: a key's queue can have several writers at once. */
const PARKING_CONFLICT_RETRY = { policy: retryPolicy({ retries: 19 }, CONFLICT_RETRY_POLICY) };

/**
 * A parking lot on the `EventStore` port: each key's queue is the stream
 * `sagakit-parking/<lane>/<key>` of `MessageParked` and `MessageUnparked` pages, appended with
 * optimistic concurrency. It is the runtime's default, so parking is durable and shared wherever
 * the event store is (Redis in production), and a key parked by one instance is parked for the
 * instance that takes its partition over. A key that never failed costs one stream read per
 * message; its stream stays empty.
 */
export class EventStoreParkingLot implements ParkingLot {
  constructor(
    private readonly store: EventStore,
    private readonly clock: Clock = systemClock,
  ) {}

  async parked(lane: string, key: string): Promise<readonly string[]> {
    return queueOf((await this.store.load(this.stream(lane, key))).pages);
  }

  async park(lane: string, key: string, deadLetterId: string, reason: string): Promise<void> {
    assertId(deadLetterId);
    await this.change(lane, key, (queue) =>
      queue.includes(deadLetterId)
        ? undefined
        : anyPack(MessageParkedSchema, create(MessageParkedSchema, { deadLetterId, reason })),
    );
  }

  async unpark(
    lane: string,
    key: string,
    deadLetterId: string,
    options: UnparkOptions,
  ): Promise<boolean> {
    assertId(deadLetterId);
    if (options.replacedBy !== undefined) assertId(options.replacedBy);
    let found = false;
    await this.change(lane, key, (queue) => {
      found = queue.includes(deadLetterId);
      if (!found) return undefined;
      return anyPack(
        MessageUnparkedSchema,
        create(MessageUnparkedSchema, {
          deadLetterId,
          replacedBy: options.replacedBy ?? '',
          reason: options.reason,
        }),
      );
    });
    return found;
  }

  /** Reads the queue and appends the page `decide` returns (none: no change), again on conflict. */
  private async change(
    lane: string,
    key: string,
    decide: (queue: readonly string[]) => Any | undefined,
  ): Promise<void> {
    const stream = this.stream(lane, key);
    await withConflictRetry(async () => {
      const loaded = await this.store.load(stream);
      const event = decide(queueOf(loaded.pages));
      if (!event) return;
      const sequence = loaded.nextSequence;
      await this.store.append({
        stream,
        expectedSequence: sequence,
        pages: [
          create(EventPageSchema, {
            sequence: toWireSequence(sequence),
            event,
            eventId: deterministicId('parking', stream.root, sequence),
            createdAt: timestampFromDate(this.clock.now()),
          }),
        ],
      });
    }, PARKING_CONFLICT_RETRY);
  }

  private stream(lane: string, key: string): StreamId {
    if (!lane || !key) throw new TypeError('a parking queue needs a lane and a key');
    return { domain: PARKING_STREAM_DOMAIN, root: `${lane}/${key}` };
  }
}

/** Folds a parking stream into its queue, oldest first. */
export function queueOf(pages: readonly EventPage[]): string[] {
  const queue: string[] = [];
  for (const page of pages) {
    const event = page.event;
    if (!event) continue;
    if (anyIs(event, MessageParkedSchema)) {
      const parked = anyUnpack(event, MessageParkedSchema);
      if (parked && !queue.includes(parked.deadLetterId)) queue.push(parked.deadLetterId);
    } else if (anyIs(event, MessageUnparkedSchema)) {
      const unparked = anyUnpack(event, MessageUnparkedSchema);
      const at = unparked ? queue.indexOf(unparked.deadLetterId) : -1;
      if (unparked && at >= 0) {
        if (unparked.replacedBy && !queue.includes(unparked.replacedBy)) {
          queue.splice(at, 1, unparked.replacedBy);
        } else {
          queue.splice(at, 1);
        }
      }
    }
  }
  return queue;
}

function assertId(id: string): void {
  if (typeof id !== 'string' || id === '') throw new TypeError('a dead letter id is required');
}
