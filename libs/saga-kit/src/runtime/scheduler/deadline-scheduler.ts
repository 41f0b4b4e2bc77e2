import { timestampDate } from '@bufbuild/protobuf/wkt';
import type { Logger } from 'pino';
import type { CommandBook } from '../../gen/sagakit/v1/envelope_pb';
import { rootToString } from '../../messaging/ids';
import { shortTypeName } from '../../messaging/type-registry';
import type { JobQueue } from '../../ports/job-queue.port';
import { toSequence } from '../envelope/sequence';

/** A saga command's deadline, as kept in the scheduler (JSON). */
export interface DeadlineJob {
  readonly commandId: string;
  readonly commandType: string;
  readonly saga: string;
  readonly correlationId: string;
  /** ISO-8601 deadline. */
  readonly deadline: string;
  readonly target: { readonly domain: string; readonly root: string };
  /** The aggregate and event that made the saga issue the command. */
  readonly source: { readonly domain: string; readonly root: string; readonly sequence: number };
}

/**
 * Schedules the deadlines of saga-issued commands (`ctx.command(..., { deadline })`) in a
 * durable job queue, keyed by command id. Called before the commands are published, so a
 * command is never out without its deadline; a redelivered event schedules nothing new.
 * Without a scheduler, a deadline cannot be enforced: that is logged at error level.
 */
export class DeadlineScheduler {
  constructor(
    private readonly queue: JobQueue | undefined,
    private readonly logger: Logger,
  ) {}

  async schedule(books: readonly CommandBook[]): Promise<void> {
    for (const book of books) {
      const ra = book.returnAddress;
      if (!book.deadline || !ra?.source || !book.cover) continue;
      const job: DeadlineJob = {
        commandId: book.commandId,
        commandType: shortTypeName(book.command?.typeUrl ?? ''),
        saga: ra.saga,
        correlationId: book.cover.correlationId,
        deadline: timestampDate(book.deadline).toISOString(),
        target: { domain: book.cover.domain, root: rootToString(book.cover.root) },
        source: {
          domain: ra.source.domain,
          root: rootToString(ra.source.root),
          sequence: toSequence(ra.sourceSequence),
        },
      };
      if (!this.queue) {
        this.logger.error(
          { commandId: job.commandId, saga: job.saga, correlationId: job.correlationId },
          'command deadline not enforced: no scheduler is configured',
        );
        continue;
      }
      await this.queue.enqueue({
        id: book.commandId,
        payload: JSON.stringify(job),
        dueAt: timestampDate(book.deadline),
      });
    }
  }
}

/** Parses a queued deadline job; throws a `TypeError` saying what is wrong. */
export function parseDeadlineJob(payload: string): DeadlineJob {
  const job = JSON.parse(payload) as Partial<DeadlineJob>;
  const ok =
    typeof job.commandId === 'string' &&
    typeof job.commandType === 'string' &&
    typeof job.correlationId === 'string' &&
    typeof job.deadline === 'string' &&
    typeof job.target?.domain === 'string' &&
    typeof job.target.root === 'string' &&
    typeof job.source?.domain === 'string' &&
    typeof job.source.root === 'string' &&
    Number.isSafeInteger(job.source.sequence);
  if (!ok) throw new TypeError('malformed deadline job');
  return job as DeadlineJob;
}
