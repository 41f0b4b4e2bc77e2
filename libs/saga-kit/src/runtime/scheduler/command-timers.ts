import type { Logger } from 'pino';
import type { CommandBook } from '../../gen/sagakit/v1/envelope_pb';
import type { Topics } from '../../messaging/topics';
import type { Clock } from '../../ports/clock.port';
import type { Job, JobQueue } from '../../ports/job-queue.port';
import type { OutgoingMessage, Transport } from '../../ports/transport.port';
import { commandMessage } from '../envelope/outgoing-messages';
import { retryJobLater } from './job-retry';
import { PollingLoop } from './polling-loop';
import { parseTimerJob, timerJobOf, type ScheduledCommand } from './timer-job';

/** Options of {@link CommandTimers} (the runtime's `timers` option). */
export interface CommandTimerOptions {
  /**
   * Durable queue of scheduled commands (a `RedisJobQueue` in production). Without one, a saga
   * command with `deliverAt` is not issued: that is logged at error level and audited as skipped.
   */
  readonly queue?: JobQueue;
  /** Pause between looks for due timers; 0 turns background polling off (default 250 ms). */
  readonly pollIntervalMs?: number;
  /** Timers published per round (default 100). */
  readonly batchSize?: number;
  /** How long a claimed timer stays hidden from other pollers before it is claimed again (default 30 s). */
  readonly leaseMs?: number;
}

/** What the timers work with. */
export interface CommandTimersDeps {
  readonly transport: Transport;
  readonly topics: Topics;
  readonly clock: Clock;
  readonly logger: Logger;
}

/** Defaults of {@link CommandTimerOptions}. */
export const COMMAND_TIMER_DEFAULTS = {
  pollIntervalMs: 250,
  batchSize: 100,
  leaseMs: 30_000,
} as const;

/**
 * Durable timers for saga commands (`ctx.command(target, command, { deliverAt })`). Scheduling
 * stores the stamped command in the job queue under its command id; a poller claims the timers
 * due by the runtime's clock and publishes them to the target's commands topic, then acks them.
 * Any instance sharing the queue may fire a timer, and one that dies mid-round leaves its claims
 * to be taken again when their lease ends, so a timer fires at least once: the target
 * deduplicates by command id. A timer is never cancelled; the target decides whether it is
 * stale when it arrives (e.g. by a sequence or action number carried in the command).
 */
export class CommandTimers {
  private readonly loop: PollingLoop;
  private readonly batchSize: number;
  private readonly leaseMs: number;

  constructor(
    private readonly deps: CommandTimersDeps,
    private readonly options: CommandTimerOptions = {},
  ) {
    this.batchSize = options.batchSize ?? COMMAND_TIMER_DEFAULTS.batchSize;
    this.leaseMs = options.leaseMs ?? COMMAND_TIMER_DEFAULTS.leaseMs;
    this.loop = new PollingLoop(async () => (await this.runOnce()) >= this.batchSize, {
      name: 'timers',
      intervalMs: options.pollIntervalMs ?? COMMAND_TIMER_DEFAULTS.pollIntervalMs,
      logger: deps.logger,
    });
  }

  /** The timer queue, if one is configured. */
  get queue(): JobQueue | undefined {
    return this.options.queue;
  }

  /**
   * Stores the commands to publish when due; resolves `false` (after logging) when no queue is
   * configured, so the caller can record them as not issued.
   */
  async schedule(commands: readonly ScheduledCommand[]): Promise<boolean> {
    if (commands.length === 0) return true;
    const queue = this.options.queue;
    if (!queue) {
      for (const { book } of commands) {
        this.deps.logger.error(
          { commandId: book.commandId, correlationId: book.cover?.correlationId },
          'scheduled command not issued: no timer queue is configured',
        );
      }
      return false;
    }
    for (const command of commands) await queue.enqueue(timerJobOf(command));
    const now = this.deps.clock.now().getTime();
    if (commands.some((c) => c.deliverAt.getTime() <= now)) this.loop.nudge();
    return true;
  }

  start(): void {
    if (this.options.queue) this.loop.start();
  }

  stop(): Promise<void> {
    return this.loop.stop();
  }

  /** Asks the poller for a round soon (e.g. after the clock moved). */
  nudge(): void {
    this.loop.nudge();
  }

  /** Publishes the timers due now; resolves with how many were claimed. */
  async runOnce(): Promise<number> {
    const queue = this.options.queue;
    if (!queue) return 0;
    const jobs = await queue.claim(this.deps.clock.now(), this.batchSize, this.leaseMs);
    if (jobs.length === 0) return 0;
    const due: { job: Job; book: CommandBook; message: OutgoingMessage }[] = [];
    for (const job of jobs) {
      try {
        const book = parseTimerJob(job.payload);
        due.push({ job, book, message: commandMessage(this.deps.topics, book) });
      } catch (error) {
        // Dropped one by one: a job that can never be published must not hold up the others.
        this.deps.logger.error({ jobId: job.id, err: error }, 'unreadable timer job dropped');
        await queue.ack(job.id);
      }
    }
    try {
      await this.deps.transport.publish(due.map(({ message }) => message));
    } catch (error) {
      await this.retryLater(queue, due, error);
      return jobs.length;
    }
    // Published before acked: a crash in between publishes again, and the target deduplicates.
    for (const { job, book } of due) {
      await queue.ack(job.id);
      this.deps.logger.debug(
        { commandId: book.commandId, correlationId: book.cover?.correlationId },
        'timer fired: scheduled command published',
      );
    }
    return jobs.length;
  }

  private async retryLater(
    queue: JobQueue,
    due: readonly { job: Job }[],
    error: unknown,
  ): Promise<void> {
    for (const { job } of due) {
      const delayMs = await retryJobLater(queue, job, this.deps.clock.now());
      this.deps.logger.warn(
        { jobId: job.id, attempt: job.attempts, delayMs, err: error },
        'timer not published; retrying later',
      );
    }
  }
}
