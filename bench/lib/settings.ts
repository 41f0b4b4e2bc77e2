/** How much work each scenario does; `--quick` scales it down to run in under a minute. */
export interface BenchSizes {
  /** Unmeasured flows, one at a time, before the measured phases (JIT, connections, metadata). */
  warmupFlows: number;
  /**
   * Whether every measured phase has a warm-up of its own: `concurrency` unmeasured flows in
   * parallel before the concurrent phase, an unmeasured full replay before the rebuild's. Quick
   * runs skip these two: the sequential phase warms up the concurrent one, the snapshot loads
   * and the first measured replay warm up the replays.
   */
  fullWarmup: boolean;
  /** Compensation / peer round trips, one at a time. */
  sequentialFlows: number;
  /** Round trips with `concurrency` hands in flight. */
  concurrentFlows: number;
  concurrency: number;
  /** Commands pre-published for the throughput scenario: untimed first, then timed. */
  throughputWarmupCommands: number;
  throughputCommands: number;
  /** Aggregates the throughput scenario's commands are spread over. */
  throughputAggregates: number;
  /** Business events of the rebuilt stream, and the share of them revoked. */
  rebuildEvents: number;
  rebuildRevokedPercent: number;
  /** Loads measured per rebuild variant. */
  fullLoads: number;
  snapshotLoads: number;
  /** Dead letters ingested from a DLQ topic (after an untimed warm-up), and replayed in bulk. */
  dlqWarmup: number;
  dlqIngest: number;
  dlqReplay: number;
  /** Flow counts at which the memory scenario reads RSS (the last over the first ≤ 1.5). */
  memoryCheckpoints: [number, number];
}

export const FULL_SIZES: BenchSizes = {
  warmupFlows: 30,
  fullWarmup: true,
  sequentialFlows: 300,
  concurrentFlows: 3_000,
  concurrency: 100,
  throughputWarmupCommands: 2_000,
  throughputCommands: 20_000,
  throughputAggregates: 400,
  rebuildEvents: 100_000,
  rebuildRevokedPercent: 10,
  fullLoads: 10,
  snapshotLoads: 300,
  dlqWarmup: 500,
  dlqIngest: 10_000,
  dlqReplay: 10_000,
  memoryCheckpoints: [10_000, 100_000],
};

export const QUICK_SIZES: BenchSizes = {
  warmupFlows: 5,
  fullWarmup: false,
  sequentialFlows: 20,
  concurrentFlows: 200,
  concurrency: 100,
  throughputWarmupCommands: 200,
  throughputCommands: 1_000,
  throughputAggregates: 100,
  rebuildEvents: 100_000,
  rebuildRevokedPercent: 10,
  fullLoads: 2,
  snapshotLoads: 30,
  dlqWarmup: 100,
  dlqIngest: 500,
  dlqReplay: 500,
  memoryCheckpoints: [100, 1_000],
};

/** Settings of a run, shared by every job. */
export interface BenchSettings {
  quick: boolean;
  /** `maxWaitTimeInMs` of every consumer, saga-kit and baselines alike. */
  maxWaitTimeInMs: number;
  /** pino level of saga-kit's loggers (to stderr). */
  logLevel: string;
  sizes: BenchSizes;
}
