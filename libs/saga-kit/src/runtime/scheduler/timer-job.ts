import type { CommandBook } from '../../gen/sagakit/v1/envelope_pb';
import { CommandBookSchema } from '../../gen/sagakit/v1/envelope_pb';
import { rootToString } from '../../messaging/ids';
import { decode, encode, shortTypeName } from '../../messaging/type-registry';
import type { EnqueueRequest } from '../../ports/job-queue.port';

/** A saga command to publish at `deliverAt` instead of now. */
export interface ScheduledCommand {
  readonly book: CommandBook;
  readonly deliverAt: Date;
}

/**
 * A scheduled command as kept in the timer queue (JSON). The fields besides `book` are for
 * people and tools reading the queue; delivery only needs the book.
 */
export interface TimerJob {
  readonly commandId: string;
  readonly commandType: string;
  readonly correlationId: string;
  readonly saga: string;
  readonly target: { readonly domain: string; readonly root: string };
  /** ISO-8601 delivery time. */
  readonly deliverAt: string;
  /** The encoded `CommandBook`, base64. */
  readonly book: string;
}

/**
 * The queue entry of a scheduled command. Its job id is the command id, which sagas derive
 * from the triggering event: an event redelivered before or after the timer fired queues
 * nothing new.
 */
export function timerJobOf({ book, deliverAt }: ScheduledCommand): EnqueueRequest {
  const cover = book.cover;
  if (!cover) throw new TypeError('a scheduled command needs a cover');
  const job: TimerJob = {
    commandId: book.commandId,
    commandType: shortTypeName(book.command?.typeUrl ?? ''),
    correlationId: cover.correlationId,
    saga: book.returnAddress?.saga ?? '',
    target: { domain: cover.domain, root: rootToString(cover.root) },
    deliverAt: deliverAt.toISOString(),
    book: Buffer.from(encode(CommandBookSchema, book)).toString('base64'),
  };
  return { id: book.commandId, payload: JSON.stringify(job), dueAt: deliverAt };
}

/** The command book of a queued timer; throws a `TypeError` (or a poison error) when unreadable. */
export function parseTimerJob(payload: string): CommandBook {
  const job = JSON.parse(payload) as Partial<TimerJob>;
  if (typeof job.book !== 'string' || typeof job.commandId !== 'string') {
    throw new TypeError('malformed timer job');
  }
  const book = decode(CommandBookSchema, Buffer.from(job.book, 'base64'), 'timer job command');
  if (book.commandId !== job.commandId || !book.cover) {
    throw new TypeError('timer job does not hold the command it names');
  }
  return book;
}
