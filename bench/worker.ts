/**
 * One benchmark job in a process of its own (started by run.ts), so that each side of a
 * scenario has a clean heap and its own peak RSS. Loads the job named by BENCH_JOB_NAME, waits
 * for its spec over IPC, replies over IPC, exits.
 */
import { CpuProfiler } from './lib/cpu-profiler';
import type { JobContext, JobReply, JobSpec } from './lib/job';
import { JOBS } from './scenarios';

async function main(): Promise<JobReply> {
  // The runner starts a job's process ahead of time, naming the job, so that its code is loaded
  // while the job before is still setting up; it sends the spec when the job is due.
  const name = process.env['BENCH_JOB_NAME'];
  if (!name || !process.send)
    return { ok: false, error: 'BENCH_JOB_NAME is not set: start jobs through bench/run.ts' };
  const load = JOBS[name];
  if (!load) return { ok: false, error: `no job named ${name}` };
  const job = await load();
  const spec = await new Promise<JobSpec>((resolve) => {
    process.once('message', (message) => resolve(message as JobSpec));
    process.send!({ loaded: true });
  });
  const started = performance.now();
  const profiler = new CpuProfiler(spec.profileDir !== undefined);
  const ctx: JobContext = {
    spec,
    env: spec.env,
    settings: spec.settings,
    prefix: `${spec.runId}-${spec.job.replace(/[^a-z0-9]+/gi, '-')}`.toLowerCase(),
    profiler,
    log: (message) =>
      process.stderr.write(
        `  [${spec.job} +${((performance.now() - started) / 1000).toFixed(1)}s] ${message}\n`,
      ),
  };
  const output = await job(ctx);
  const profile = spec.profileDir
    ? profiler.finish(spec.profileDir, spec.job.replace(/[:/]/g, '-'))
    : undefined;
  return { ok: true, output, ...(profile ? { profile } : {}) };
}

// The runner's death closes the IPC channel: never outlive it.
process.on('disconnect', () => process.exit(1));

main()
  .catch((error: unknown): JobReply => ({
    ok: false,
    error: error instanceof Error ? (error.stack ?? error.message) : String(error),
  }))
  .then((reply) => {
    if (process.send) process.send(reply, () => process.exit(0));
    else process.exit(1);
  })
  .catch(() => process.exit(1));
