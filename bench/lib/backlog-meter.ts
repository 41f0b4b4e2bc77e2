import { rate, type Measurement } from './measurement';
import { RssSampler } from './rss-sampler';

/**
 * Measures how fast a consumer works through a backlog. The clock starts once the first `warmup`
 * operations are done and the whole backlog is queued (`queued()`), and stops at operation
 * `warmup + measured`. The consumer may start (join its group) while the backlog is still being
 * published: operations done before the backlog was complete are never timed, so the rate is the
 * consumer's, not the publisher's.
 */
export class BacklogMeter {
  readonly done: Promise<void>;
  private count = 0;
  private isQueued = false;
  private startCount = 0;
  private start: bigint | undefined;
  private end: bigint | undefined;
  private rss: RssSampler | undefined;
  private peakRssMiB = 0;
  private finish!: () => void;

  constructor(
    private readonly warmup: number,
    private readonly measured: number,
  ) {
    this.done = new Promise((resolve) => (this.finish = resolve));
  }

  /** The whole backlog is published: the clock may start. */
  queued(): void {
    this.isQueued = true;
    this.maybeBegin();
  }

  /** Counts one completed operation. */
  tick(): void {
    this.count++;
    this.maybeBegin();
    if (this.count === this.warmup + this.measured) {
      this.end = process.hrtime.bigint();
      this.peakRssMiB = this.rss?.stop() ?? 0;
      this.finish();
    }
  }

  /** The measured phase, once `done`. */
  measurement(name: string, unit: string): Measurement {
    if (this.end === undefined) throw new Error('the backlog is not done');
    if (this.start === undefined) {
      throw new Error('the backlog was worked through before it was fully queued: raise the sizes');
    }
    const operations = this.warmup + this.measured - this.startCount;
    const wallMs = Number(this.end - this.start) / 1e6;
    return { name, unit, ...rate(operations, wallMs), peakRssMiB: this.peakRssMiB };
  }

  private maybeBegin(): void {
    if (this.start !== undefined || !this.isQueued || this.count < this.warmup) return;
    if (this.end !== undefined) return;
    this.start = process.hrtime.bigint();
    this.startCount = this.count;
    this.rss = new RssSampler();
  }
}
