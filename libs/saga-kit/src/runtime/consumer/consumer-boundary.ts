import type { Logger } from 'pino';
import { isPoisonMessageError, PoisonMessageError } from '../../errors/poison-message.error';
import { RetriesExhaustedError } from '../../errors/transient.error';
import type { DeadLetter } from '../../gen/sagakit/v1/dead_letter_pb';
import type { Cover } from '../../gen/sagakit/v1/envelope_pb';
import { Headers } from '../../messaging/headers';
import type { Clock } from '../../ports/clock.port';
import type { IncomingMessage, MessageHandler } from '../../ports/transport.port';
import { deadLetterIdOf, type DeadLetterPublisher } from '../dead-letter/dead-letter-publisher';
import { retry, type Sleep } from '../retry/retry';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from '../retry/retry-policy';
import { PARKED, type ParkingLot } from './parking-lot';

/** Kafka's default `message.max.bytes`: larger messages are poison at the boundary. */
export const DEFAULT_MAX_CONSUMED_BYTES = 1024 * 1024;

/** Dead-letter reason when retriable errors outlasted the retry policy. */
export const RETRIES_EXHAUSTED = 'retries_exhausted';
/** Dead-letter reason for a non-retriable fault (a handler bug, a broken invariant). */
export const HANDLER_ERROR = 'handler_error';

/** What the dead letter should carry for a message: its decoded payload and cover, if readable. */
export type DescribeMessage = (
  message: IncomingMessage,
) => { payload: DeadLetter['payload']; cover?: Cover } | undefined;

/** Options of {@link ConsumerBoundary}. */
export interface ConsumerBoundaryOptions {
  /** Component name for logs and dead letters, e.g. `table` or `saga:hand-table`. */
  component: string;
  componentType: string;
  /** Domain whose DLQ receives this consumer's dead letters. */
  domain: string;
  deadLetters: DeadLetterPublisher;
  clock: Clock;
  logger: Logger;
  retry?: RetryPolicy;
  sleep?: Sleep;
  random?: () => number;
  /** Larger messages (key + value + headers) are poison (default 1 MiB). */
  maxMessageBytes?: number;
  /** Headers every message must carry (default: `message-id`). */
  requiredHeaders?: readonly string[];
  describe?: DescribeMessage;
  /**
   * Per-key parking: when set, a keyed message dead-lettered for a fault parks its key, and the
   * key's later messages are dead-lettered as `parked` behind it until it is replayed
   * successfully or discarded. Without it, later messages of the key are handled (overtaking).
   */
  parking?: ParkingLot;
}

/** Where a message stands in its key's parking queue. */
type Place =
  /** The key flows, or the message is its queue's head (a replay, or a redelivery): handle it. */
  | { kind: 'handle'; head?: string }
  /** Parked behind `head`; `own` is its place in the queue when it is in it already. */
  | { kind: 'park'; head: string; own?: string };

/**
 * The explicit handler boundary of every consumer. In order: size and header checks (poison);
 * the handler, retried in place with jittered backoff while it fails with retriable errors;
 * then, for poison, non-retriable faults or exhausted retries, a dead letter, after which the
 * message counts as handled and the consumer moves on. If even the dead letter cannot be
 * published, the boundary rejects so the transport redelivers: nothing is dropped unrecorded.
 */
export class ConsumerBoundary {
  private readonly maxBytes: number;
  private readonly required: readonly string[];

  constructor(private readonly options: ConsumerBoundaryOptions) {
    this.maxBytes = options.maxMessageBytes ?? DEFAULT_MAX_CONSUMED_BYTES;
    this.required = options.requiredHeaders ?? [Headers.MessageId];
  }

  /** Wraps a handler: the returned handler only rejects when the dead letter could not be sent. */
  wrap(handler: (message: IncomingMessage) => Promise<void>): MessageHandler {
    return (message) => this.handle(message, handler);
  }

  private async handle(
    message: IncomingMessage,
    handler: (message: IncomingMessage) => Promise<void>,
  ): Promise<void> {
    // A failing lookup rejects: the transport redelivers, nothing is handled out of order.
    const place = await this.placeOf(message);
    if (place.kind === 'park') {
      await this.parkBehind(message, place);
      return;
    }
    const firstFailedAt = this.options.clock.now();
    let attempts = 0;
    try {
      this.checkLimits(message);
      await retry(
        async (attempt) => {
          attempts = attempt;
          await handler(message);
        },
        {
          policy: this.options.retry ?? DEFAULT_RETRY_POLICY,
          ...(this.options.sleep ? { sleep: this.options.sleep } : {}),
          ...(this.options.random ? { random: this.options.random } : {}),
          onRetry: ({ error, attempt, delayMs }) =>
            this.options.logger.warn(
              { ...this.location(message), attempt, delayMs, err: error },
              'handler failed with a retriable error; retrying',
            ),
        },
      );
    } catch (error) {
      await this.deadLetter(message, error, Math.max(attempts, 1), firstFailedAt, place.head);
      return;
    }
    if (place.head !== undefined) {
      await this.options.parking?.unpark(this.options.component, message.key ?? '', place.head, {
        reason: 'handled',
      });
      this.options.logger.info(
        { ...this.location(message), deadLetterId: place.head },
        'parked message handled: its key moves on',
      );
    }
  }

  /** The message's place in its key's parking queue (one read; none without parking or key). */
  private async placeOf(message: IncomingMessage): Promise<Place> {
    const parking = this.options.parking;
    if (!parking || !message.key) return { kind: 'handle' };
    const queue = await parking.parked(this.options.component, message.key);
    const head = queue[0];
    if (head === undefined) return { kind: 'handle' };
    const own = deadLetterIdOf(message);
    const replayOf = message.headers[Headers.ReplayedFrom];
    // The head itself: replayed by an operator, or redelivered after a crash while parking it.
    if (head === own || head === replayOf) return { kind: 'handle', head };
    const inQueue = [own, replayOf].find((id) => id !== undefined && queue.includes(id));
    return inQueue === undefined ? { kind: 'park', head } : { kind: 'park', head, own: inQueue };
  }

  /** Dead-letters a message of a parked key as `parked`, keeping its place in the queue. */
  private async parkBehind(
    message: IncomingMessage,
    place: { head: string; own?: string },
  ): Promise<void> {
    const parking = this.options.parking;
    const key = message.key ?? '';
    const id = deadLetterIdOf(message);
    const lane = this.options.component;
    // Parked before the dead letter is published: a crash in between redelivers the message,
    // which finds itself in the queue and publishes the same dead letter again.
    if (place.own === undefined) await parking?.park(lane, key, id, PARKED);
    else if (place.own !== id) {
      await parking?.unpark(lane, key, place.own, {
        reason: 'replayed out of order',
        replacedBy: id,
      });
    }
    this.options.logger.warn(
      { ...this.location(message), behind: place.head },
      'key is parked behind a dead letter: parking this message too',
    );
    const now = this.options.clock.now();
    await this.options.deadLetters.publish({
      domain: this.options.domain,
      reason: PARKED,
      error: new ParkedMessageError(place.head),
      component: lane,
      componentType: this.options.componentType,
      original: message,
      ...(this.describe(message, PARKED) ?? {}),
      attempts: 0,
      firstFailedAt: now,
      lastFailedAt: now,
    });
  }

  private checkLimits(message: IncomingMessage): void {
    const size =
      message.value.byteLength +
      Buffer.byteLength(message.key ?? '') +
      Object.entries(message.headers).reduce(
        (sum, [k, v]) => sum + Buffer.byteLength(k) + Buffer.byteLength(v),
        0,
      );
    if (size > this.maxBytes) {
      throw new PoisonMessageError(
        'oversized',
        `message of ${size} bytes exceeds ${this.maxBytes}`,
      );
    }
    const missing = this.required.filter((h) => !message.headers[h]);
    if (missing.length > 0) {
      throw new PoisonMessageError('missing_header', `missing header(s): ${missing.join(', ')}`);
    }
  }

  private async deadLetter(
    message: IncomingMessage,
    error: unknown,
    attempts: number,
    firstFailedAt: Date,
    parkedHead?: string,
  ): Promise<void> {
    const exhausted = error instanceof RetriesExhaustedError;
    const cause = exhausted ? error.cause : error;
    const reason = isPoisonMessageError(cause)
      ? cause.reason
      : exhausted
        ? RETRIES_EXHAUSTED
        : HANDLER_ERROR;
    const described = this.describe(message, reason);
    this.options.logger.error(
      { ...this.location(message), attempt: attempts, reason, err: cause },
      'giving up on message: dead-lettering it',
    );
    await this.park(message, reason, isPoisonMessageError(cause), parkedHead);
    // If this publish throws, the error reaches the transport, which redelivers the message.
    await this.options.deadLetters.publish({
      domain: this.options.domain,
      reason,
      error: cause,
      component: this.options.component,
      componentType: this.options.componentType,
      original: message,
      ...(described ?? {}),
      attempts,
      firstFailedAt,
      lastFailedAt: this.options.clock.now(),
    });
  }

  /**
   * Parks the key of a message about to be dead-lettered for a fault: later messages of the key
   * wait behind it. A poison message does not park its key (it has no effect to keep in order),
   * unless it is the replay of a parked head, whose place its new dead letter takes.
   */
  private async park(
    message: IncomingMessage,
    reason: string,
    poison: boolean,
    parkedHead: string | undefined,
  ): Promise<void> {
    const parking = this.options.parking;
    if (!parking || !message.key) return;
    const id = deadLetterIdOf(message);
    const lane = this.options.component;
    if (parkedHead === undefined) {
      if (!poison) await parking.park(lane, message.key, id, reason);
    } else if (parkedHead !== id) {
      await parking.unpark(lane, message.key, parkedHead, {
        reason: 'replay failed',
        replacedBy: id,
      });
    }
  }

  private describe(message: IncomingMessage, reason: string): ReturnType<DescribeMessage> {
    if (reason === 'undecodable' || reason === 'oversized' || !this.options.describe)
      return undefined;
    try {
      return this.options.describe(message);
    } catch {
      return undefined; // the raw bytes are kept either way
    }
  }

  private location(message: IncomingMessage): Record<string, unknown> {
    return {
      component: this.options.component,
      topic: message.topic,
      partition: message.partition,
      offset: message.offset,
      correlationId: message.headers[Headers.CorrelationId],
    };
  }
}

/** The error a `parked` dead letter records: which dead letter its key waits behind. */
export class ParkedMessageError extends Error {
  override readonly name = 'ParkedMessageError';
  constructor(readonly behind: string) {
    super(`parked behind dead letter ${behind}: replay or discard that one first`);
  }
}
