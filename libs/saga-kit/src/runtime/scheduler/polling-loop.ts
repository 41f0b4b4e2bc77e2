import type { Logger } from 'pino';

/** Options of {@link PollingLoop}. */
export interface PollingLoopOptions {
  /** Name for logs. */
  readonly name: string;
  /** Pause between rounds when nothing nudges the loop; 0 turns polling off (nudges still work). */
  readonly intervalMs: number;
  readonly logger: Logger;
}

/**
 * Runs `round` in the background: after `start`, on every `nudge`, and every `intervalMs`.
 * A round that reports more work is followed by another at once. Rounds never overlap, and a
 * failing round is logged, never thrown: the next poll tries again.
 */
export class PollingLoop {
  private running: Promise<void> | undefined;
  private again = false;
  private started = false;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    /** One round of work; resolves `true` when more work is waiting. */
    private readonly round: () => Promise<boolean>,
    private readonly options: PollingLoopOptions,
  ) {}

  start(): void {
    if (this.started) return;
    this.started = true;
    this.nudge();
  }

  /** Asks for a round soon; never throws, never waits. */
  nudge(): void {
    if (!this.started) return;
    if (this.running) {
      this.again = true;
      return;
    }
    if (this.timer) clearTimeout(this.timer);
    this.running = this.drain().finally(() => {
      this.running = undefined;
      this.schedule();
    });
  }

  /** Stops polling and waits for the round in progress. */
  async stop(): Promise<void> {
    this.started = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }

  private async drain(): Promise<void> {
    do {
      this.again = false;
      try {
        while (this.started && (await this.round())) {
          // A full round: more work is waiting.
        }
      } catch (error) {
        this.options.logger.warn({ loop: this.options.name, err: error }, 'polling round failed');
      }
    } while (this.again && this.started);
  }

  private schedule(): void {
    if (!this.started || this.options.intervalMs <= 0) return;
    this.timer = setTimeout(() => this.nudge(), this.options.intervalMs);
    this.timer.unref();
  }
}
