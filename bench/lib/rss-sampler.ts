const SAMPLE_EVERY_MS = 20;

/** Tracks the peak resident set size of this process while a phase runs. */
export class RssSampler {
  private peak = process.memoryUsage.rss();
  private readonly timer: NodeJS.Timeout;

  constructor() {
    this.timer = setInterval(() => this.sample(), SAMPLE_EVERY_MS);
    this.timer.unref();
  }

  /** Stops sampling and returns the peak in MiB. */
  stop(): number {
    clearInterval(this.timer);
    this.sample();
    return toMiB(this.peak);
  }

  private sample(): void {
    const rss = process.memoryUsage.rss();
    if (rss > this.peak) this.peak = rss;
  }
}

/** Bytes as MiB, one decimal. */
export function toMiB(bytes: number): number {
  return Math.round((bytes / 1024 / 1024) * 10) / 10;
}
