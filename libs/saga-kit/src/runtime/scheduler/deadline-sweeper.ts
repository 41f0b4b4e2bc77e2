import { create } from '@bufbuild/protobuf';
import type { Logger } from 'pino';
import {
  CommandOutcomeSchema,
  CoverSchema,
  type CommandOutcome,
} from '../../gen/sagakit/v1/envelope_pb';
import { deterministicId, uuidToBytes } from '../../messaging/ids';
import type { Topics } from '../../messaging/topics';
import { encode } from '../../messaging/type-registry';
import type { Clock } from '../../ports/clock.port';
import type { EventStore, OutboxMessage } from '../../ports/event-store.port';
import type { Job, JobQueue } from '../../ports/job-queue.port';
import type { AuditRecorder } from '../audit/audit-recorder';
import { DEADLINE_EXPIRED, undoNotificationMessage } from '../undo/undo-notifications';
import { parseDeadlineJob, type DeadlineJob } from './deadline-scheduler';
import { retryJobLater } from './job-retry';
import { PollingLoop } from './polling-loop';

/** Options of {@link DeadlineSweeper}. */
export interface DeadlineSweeperOptions {
  /** Pause between sweeps; 0 turns background sweeping off (default 1000 ms). */
  readonly pollIntervalMs?: number;
  /** Deadlines handled per sweep round (default 100). */
  readonly batchSize?: number;
  /** How long a claimed deadline stays hidden from other sweepers (default 30 s). */
  readonly leaseMs?: number;
}

/** What the sweeper works with. */
export interface DeadlineSweeperDeps {
  readonly queue: JobQueue | undefined;
  readonly store: EventStore;
  readonly topics: Topics;
  readonly clock: Clock;
  readonly audit: AuditRecorder;
  readonly logger: Logger;
  readonly onAppended?: () => void;
}

/** What a due deadline appends: the rejection that claims the outcome, and the revocation. */
interface Expiry {
  readonly deadline: DeadlineJob;
  readonly outcome: CommandOutcome;
  readonly revocation: OutboxMessage;
}

/**
 * Enforces saga command deadlines. For each deadline due, it decides whether the command had an
 * outcome by its target's idempotency record for the command id, the record every accept or
 * reject writes atomically with its effects. The sweep claims that record itself, atomically
 * and only if it is absent, as a rejection with reason `deadline_expired`, queuing in the same
 * append a `Revocation` of the triggering event for the source aggregate. So either the target
 * decided first (the record exists: nothing happens) or the deadline won (a late command then
 * replays as rejected and changes nothing). The target's stream must be in the same event store.
 */
export class DeadlineSweeper {
  private readonly loop: PollingLoop;
  private readonly batchSize: number;
  private readonly leaseMs: number;

  constructor(
    private readonly deps: DeadlineSweeperDeps,
    options: DeadlineSweeperOptions = {},
  ) {
    this.batchSize = options.batchSize ?? 100;
    this.leaseMs = options.leaseMs ?? 30_000;
    this.loop = new PollingLoop(async () => (await this.runOnce()) >= this.batchSize, {
      name: 'deadlines',
      intervalMs: options.pollIntervalMs ?? 1000,
      logger: deps.logger,
    });
  }

  start(): void {
    if (this.deps.queue) this.loop.start();
  }

  stop(): Promise<void> {
    return this.loop.stop();
  }

  /** Handles the deadlines due now; resolves with how many were claimed. */
  async runOnce(): Promise<number> {
    const queue = this.deps.queue;
    if (!queue) return 0;
    const jobs = await queue.claim(this.deps.clock.now(), this.batchSize, this.leaseMs);
    for (const job of jobs) {
      try {
        await this.expire(job, queue);
      } catch (error) {
        const delayMs = await retryJobLater(queue, job, this.deps.clock.now());
        this.deps.logger.error(
          { jobId: job.id, attempt: job.attempts, delayMs, err: error },
          'deadline not handled; retrying later',
        );
      }
    }
    return jobs.length;
  }

  private async expire(job: Job, queue: JobQueue): Promise<void> {
    let expiry: Expiry;
    try {
      expiry = this.expiryOf(parseDeadlineJob(job.payload));
    } catch (error) {
      // Dropped, not retried: a job that names no valid stream or topic never becomes valid.
      this.deps.logger.error({ jobId: job.id, err: error }, 'unreadable deadline job dropped');
      await queue.ack(job.id);
      return;
    }
    const { deadline, outcome, revocation } = expiry;
    const { target, source } = deadline;
    const result = await this.deps.store.append({
      stream: target,
      expectedSequence: 0,
      pages: [],
      dedup: { key: deadline.commandId, value: encode(CommandOutcomeSchema, outcome) },
      outbox: [revocation],
    });
    if (result.status === 'appended') {
      this.deps.onAppended?.();
      await this.deps.audit.record({
        kind: 'command.rejected',
        key: [deadline.commandId],
        correlationId: deadline.correlationId,
        domain: target.domain,
        root: target.root,
        commandId: deadline.commandId,
        commandType: deadline.commandType,
        saga: deadline.saga || undefined,
        reason: DEADLINE_EXPIRED,
        peer: { domain: source.domain, root: source.root },
        component: 'deadlines',
        details: { deadline: deadline.deadline, revokes: source.sequence },
      });
      this.deps.logger.warn(
        { commandId: deadline.commandId, correlationId: deadline.correlationId, ...source },
        'command deadline expired without an outcome: revoking the triggering event',
      );
    }
    await queue.ack(job.id);
  }

  /** The rejection that claims the command's outcome, and the revocation queued with it. */
  private expiryOf(deadline: DeadlineJob): Expiry {
    const { target, source } = deadline;
    const cover = create(CoverSchema, {
      domain: target.domain,
      root: uuidToBytes(target.root),
      correlationId: deadline.correlationId,
    });
    const outcome = create(CommandOutcomeSchema, {
      commandId: deadline.commandId,
      cover,
      result: { case: 'rejected', value: { reason: DEADLINE_EXPIRED } },
    });
    const revocation = undoNotificationMessage(
      this.deps.topics,
      {
        kind: 'revocation',
        domain: source.domain,
        root: source.root,
        sequences: [source.sequence],
        reason: `${DEADLINE_EXPIRED}: ${deadline.commandType} to ${target.domain}/${target.root} had no outcome by ${deadline.deadline}`,
        requestId: deterministicId('deadline-revocation', deadline.commandId),
        correlationId: deadline.correlationId,
      },
      target,
      this.deps.clock.now(),
      deadline.commandId,
    );
    return { deadline, outcome, revocation };
  }
}
