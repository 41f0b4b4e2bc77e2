import { RssSampler } from './rss-sampler';
import { elapsedMs, round, summarize, type LatencySummary } from './stats';

/** One measured phase of one side (saga-kit or a baseline) of a scenario. */
export interface Measurement {
  /** What ran: `saga-kit`, or the baseline's name. */
  name: string;
  /** What one operation is: `flow`, `command`, `load`, `entry`. */
  unit: string;
  /** Operations completed in the measured phase. */
  operations: number;
  wallMs: number;
  /** Operations per second over the phase's wall time. */
  throughputPerSec: number;
  /** Per-operation latency, when operations are timed one by one. */
  latency?: LatencySummary;
  /** Peak resident set size of the job's process during the phase (MiB). */
  peakRssMiB: number;
  /** Scenario-specific facts (sizes, settings, targets). */
  details?: Record<string, unknown>;
}

/** What a measured body reports: how many operations it completed. */
export interface PhaseRecorder {
  /** Records one operation's latency (ms). */
  latency(ms: number): void;
}

/**
 * Runs one measured phase: wall time, peak RSS and the latencies the body records. The body
 * returns the number of operations it completed.
 */
export async function measurePhase(
  name: string,
  unit: string,
  body: (recorder: PhaseRecorder) => Promise<number>,
): Promise<Measurement> {
  const samples: number[] = [];
  const rss = new RssSampler();
  const start = process.hrtime.bigint();
  let operations: number;
  let peakRssMiB: number;
  try {
    operations = await body({ latency: (ms) => void samples.push(ms) });
  } finally {
    // Stopped on failure too, so that no timer keeps the process alive.
    peakRssMiB = rss.stop();
  }
  return {
    name,
    unit,
    ...rate(operations, elapsedMs(start)),
    ...(samples.length > 0 ? { latency: summarize(samples) } : {}),
    peakRssMiB,
  };
}

/** `operations` done in `wallMs`, and their rate, rounded as every measurement reports them. */
export function rate(
  operations: number,
  wallMs: number,
): Pick<Measurement, 'operations' | 'wallMs' | 'throughputPerSec'> {
  return {
    operations,
    wallMs: round(wallMs, 1),
    throughputPerSec: round((operations / wallMs) * 1000, 1),
  };
}
