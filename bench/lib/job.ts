import type { BenchEnv } from '../infra/bench-env';
import type { CpuProfiler, ProfileSummary } from './cpu-profiler';
import type { Measurement } from './measurement';
import type { BenchSettings } from './settings';

/** What the runner hands a job (as JSON, in the BENCH_JOB variable of its process). */
export interface JobSpec {
  job: string;
  runId: string;
  env: BenchEnv;
  settings: BenchSettings;
  /** Data from jobs that ran before (the message shapes of saga-kit's compensation flow). */
  input: Record<string, unknown>;
  /** Profile the measured phases into this directory. */
  profileDir?: string;
}

/** What a job sees while it runs. */
export interface JobContext {
  readonly spec: JobSpec;
  readonly env: BenchEnv;
  readonly settings: BenchSettings;
  /** Unique to this job in this run: topic prefix, Redis key prefix, group ids. */
  readonly prefix: string;
  /** Wraps measured phases: the CPU profile, when asked for, covers these only. */
  readonly profiler: CpuProfiler;
  /** A progress line on stderr. */
  log(message: string): void;
}

/** What a job reports back. */
export interface JobOutput {
  /** Measured phases by name (`sequential`, `concurrent`, `ingest`...). */
  measurements: Record<string, Measurement>;
  /** Anything later jobs need. */
  data?: Record<string, unknown>;
  /** Phases that could not be measured, with the reason (never a made-up number). */
  notMeasured?: Record<string, string>;
}

/** A job's message to the runner. */
export type JobReply =
  { ok: true; output: JobOutput; profile?: ProfileSummary } | { ok: false; error: string };

/** A job: sets up, measures, tears down everything it started, also when it fails. */
export type Job = (ctx: JobContext) => Promise<JobOutput>;
