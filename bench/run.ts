/**
 * saga-kit benchmarks: `npm run bench` (full) or `npm run bench -- --quick` (under a minute).
 * Starts a librdkafka mock cluster and a private redis-server (or uses KAFKA_BROKERS /
 * REDIS_URL), runs each job in a process of its own, prints a table and writes
 * bench/results.json. See bench/README.md.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import { startBenchInfra, type BenchInfra } from './infra/bench-infra';
import type { ProfileSummary } from './lib/cpu-profiler';
import type { JobReply, JobSpec } from './lib/job';
import { renderTable, scenarioReport, type JobResult, type ScenarioReport } from './lib/report';
import { FULL_SIZES, QUICK_SIZES, type BenchSettings } from './lib/settings';
import { round } from './lib/stats';
import { groupOf, JOB_INPUTS, JOB_ORDER, SCENARIOS } from './scenarios/catalog';
import { BUILD_DIR, buildWorkers } from './lib/worker-build';

const BENCH_DIR = __dirname;
const REPO = resolve(BENCH_DIR, '..');
const DEFAULT_PROFILED_JOB = 'compensation:saga-kit';
/** The levels pino knows: any other makes every saga-kit job fail at its first logger. */
const PINO_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

interface CliOptions {
  quick: boolean;
  only?: string[];
  maxWait: number;
  cpuProf?: string | true;
  out?: string;
  mockBrokers: number;
  logLevel: string;
  jobTimeout?: number;
}

function parseArgs(argv: string[]): CliOptions {
  const positive = (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError('a positive integer');
    return n;
  };
  const groups = [...new Set(SCENARIOS.map((s) => groupOf(s.id)))];
  const program = new Command('bench')
    .description(
      'saga-kit benchmarks: the cost of graceful failure, side by side with its baselines',
    )
    .option('--quick', 'a smaller run, under a minute', false)
    .option(
      '--only <groups>',
      `comma-separated scenario groups: ${groups.join(', ')}`,
      (value: string) => {
        const picked = value.split(',').map((g) => g.trim());
        const unknown = picked.filter((g) => !groups.includes(g));
        if (unknown.length > 0)
          throw new InvalidArgumentError(`unknown group(s) ${unknown.join(', ')}`);
        return picked;
      },
    )
    .option(
      '--max-wait <ms>',
      'maxWaitTimeInMs of every consumer (saga-kit and baselines)',
      positive,
      20,
    )
    .option(
      '--cpu-prof [job]',
      `CPU-profile the measured phases of a job (default ${DEFAULT_PROFILED_JOB}); ` +
        'writes bench/profiles/*.cpuprofile and prints the hottest functions',
    )
    .option(
      '--out <file>',
      'results file (default bench/results.json; bench/results.quick.json with --quick)',
    )
    .option('--mock-brokers <n>', 'brokers of the mock cluster', positive, 1)
    .addOption(
      new Option('--log-level <level>', 'saga-kit log level (pino, to stderr)')
        .choices(PINO_LEVELS)
        .default('warn'),
    )
    .option('--job-timeout <s>', 'seconds a job may run (default 120 quick, 900 full)', positive)
    .parse(argv);
  return program.opts<CliOptions>();
}

async function main(): Promise<number> {
  const cli = parseArgs(process.argv);
  // A quick run is a smoke run: it must not overwrite the full run's committed numbers.
  const out = cli.out ?? join(BENCH_DIR, cli.quick ? 'results.quick.json' : 'results.json');
  const settings: BenchSettings = {
    quick: cli.quick,
    maxWaitTimeInMs: cli.maxWait,
    logLevel: cli.logLevel,
    sizes: cli.quick ? QUICK_SIZES : FULL_SIZES,
  };
  const profiled =
    cli.cpuProf === undefined
      ? undefined
      : cli.cpuProf === true
        ? DEFAULT_PROFILED_JOB
        : cli.cpuProf;
  if (profiled && !(JOB_ORDER as readonly string[]).includes(profiled)) {
    throw new InvalidArgumentError(`--cpu-prof: no job ${profiled}; jobs: ${JOB_ORDER.join(', ')}`);
  }
  const scenarios = SCENARIOS.filter((s) => !cli.only || cli.only.includes(groupOf(s.id)));
  const needed = new Set(
    scenarios.flatMap((s) => [s.sagaKit[0], ...(s.baseline ? [s.baseline[0]] : [])]),
  );
  for (const job of [...needed]) if (JOB_INPUTS[job]) needed.add(JOB_INPUTS[job]);
  const jobs = JOB_ORDER.filter((j) => needed.has(j));
  if (profiled && !needed.has(profiled)) {
    throw new InvalidArgumentError(
      `--cpu-prof: ${profiled} is not a job of this run: ${jobs.join(', ')}`,
    );
  }
  const timeoutMs = (cli.jobTimeout ?? (cli.quick ? 120 : 900)) * 1000;

  const started = Date.now();
  const loadBefore = loadavg();
  const [compiled, infra] = await Promise.all([
    buildWorkers(),
    startBenchInfra({ mockBrokers: cli.mockBrokers }),
  ]);
  if (compiled > 0)
    log(`compiled ${compiled} files for the job processes into ${relative(REPO, BUILD_DIR)}`);
  const stop = stopOnSignals(infra);
  const results = new Map<string, JobResult>();
  const runId = `bench${Date.now().toString(36)}`;
  log(`kafka: ${infra.kafka}`);
  log(`redis: ${infra.redis}`);
  log(
    `consumers: maxWaitTimeInMs=${settings.maxWaitTimeInMs}; ${cli.quick ? 'quick' : 'full'} run`,
  );
  try {
    // Each job's process is started (and loads its code) while the job before it sets up.
    let next = jobs[0] ? JobProcess.fork(jobs[0], stop) : undefined;
    for (const [i, job] of jobs.entries()) {
      const worker = next!;
      const following = jobs[i + 1];
      next = undefined;
      const source = JOB_INPUTS[job];
      const input = source ? results.get(source) : undefined;
      if (source && input?.status !== 'done') {
        worker.kill();
        results.set(job, {
          status: 'skipped',
          reason: `needs the data of ${source}, which did not finish`,
        });
        if (following) next = JobProcess.fork(following, stop);
        continue;
      }
      const spec: JobSpec = {
        job,
        runId,
        env: infra.env,
        settings,
        input: input?.status === 'done' ? (input.output.data ?? {}) : {},
        ...(job === profiled ? { profileDir: join(BENCH_DIR, 'profiles') } : {}),
      };
      log(`${job} ...`);
      const running = worker.run(spec, timeoutMs);
      if (following) next = JobProcess.fork(following, stop);
      const result = await running;
      results.set(job, result);
      log(
        `${job} ${result.status}${'wallMs' in result ? ` in ${(result.wallMs / 1000).toFixed(1)} s` : ''}`,
      );
      if (result.status === 'failed') log(indent(result.error));
    }
  } finally {
    for (const child of stop.children) child.kill('SIGKILL');
    await infra.stop();
  }

  const reports: Record<string, ScenarioReport> = {};
  for (const spec of scenarios) reports[spec.id] = scenarioReport(spec, results);
  const wallMs = Date.now() - started;
  const profile = profiled ? results.get(profiled) : undefined;
  const profileSummary = profile?.status === 'done' ? profile.profile : undefined;
  const output = {
    meta: {
      date: new Date(started).toISOString(),
      mode: cli.quick ? 'quick' : 'full',
      wallMs,
      commit: gitCommit(),
      node: process.version,
      cpus: `${cpus().length} × ${cpus()[0]?.model ?? '?'}`,
      loadAverage: {
        before: loadBefore.map((l) => round(l, 2)),
        after: loadavg().map((l) => round(l, 2)),
      },
      kafka: infra.kafka,
      redis: infra.redis,
      consumer: { maxWaitTimeInMs: settings.maxWaitTimeInMs, partitionsConsumedConcurrently: 1 },
      sizes: settings.sizes,
      ...(profiled
        ? {
            profiledJob: profiled,
            profiledNote: 'numbers of the profiled job include profiler overhead',
          }
        : {}),
    },
    scenarios: reports,
    jobs: Object.fromEntries(
      [...results].map(([job, r]) => [
        job,
        r.status === 'done'
          ? { status: r.status, wallMs: r.wallMs }
          : r.status === 'failed'
            ? { status: r.status, wallMs: r.wallMs, error: r.error }
            : r,
      ]),
    ),
    ...(profileSummary ? { profile: { job: profiled, ...profileSummary } } : {}),
  };
  writeFileSync(out, `${JSON.stringify(output, null, 2)}\n`);

  process.stdout.write(`\n${renderTable(reports)}\n\n`);
  process.stdout.write(
    'ratio = saga-kit / baseline (latency: above 1 = saga-kit slower; throughput: below 1 = saga-kit slower)\n',
  );
  for (const [id, r] of Object.entries(reports)) {
    if (r.target)
      process.stdout.write(
        `target ${id}: ${r.target.description} — ${r.target.met ? 'met' : 'NOT met'}\n`,
      );
  }
  if (profileSummary) process.stdout.write(`\n${renderProfile(profiled!, profileSummary)}\n`);
  process.stdout.write(
    `\nwall time ${(wallMs / 1000).toFixed(1)} s; results in ${relative(process.cwd(), out)}\n`,
  );
  return [...results.values()].some((r) => r.status === 'failed') ? 1 : 0;
}

/**
 * The process of one job (bench/worker.ts): forked ahead of time, it loads the job's code and
 * waits for its spec; `run` sends the spec and resolves with the result, killing the process on
 * timeout.
 */
class JobProcess {
  private reply: JobReply | undefined;
  private readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  private constructor(
    private readonly child: ChildProcess,
    stop: SignalStop,
  ) {
    stop.children.add(child);
    child.on('message', (message: JobReply | { loaded: true }) => {
      if ('ok' in message) this.reply ??= message;
    });
    this.exited = new Promise((resolve) => {
      child.on('exit', (code, signal) => {
        stop.children.delete(child);
        resolve({ code, signal });
      });
    });
  }

  static fork(job: string, stop: SignalStop): JobProcess {
    const child = fork(join(BUILD_DIR, 'bench', 'worker.js'), [], {
      execArgv: ['--enable-source-maps', '--expose-gc'],
      env: { ...process.env, BENCH_JOB_NAME: job },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    return new JobProcess(child, stop);
  }

  async run(spec: JobSpec, timeoutMs: number): Promise<JobResult> {
    const started = Date.now();
    const timer = setTimeout(() => {
      this.reply ??= { ok: false, error: `timed out after ${timeoutMs / 1000} s` };
      this.child.kill('SIGKILL');
    }, timeoutMs);
    // Queued by Node until the child is up; the child reads it once its code is loaded.
    this.child.send(spec, (error) => {
      if (error) this.reply ??= { ok: false, error: `could not start the job: ${error.message}` };
    });
    const { code, signal } = await this.exited;
    clearTimeout(timer);
    const wallMs = Date.now() - started;
    const reply = this.reply;
    if (reply?.ok) {
      return {
        status: 'done',
        output: reply.output,
        wallMs,
        ...(reply.profile ? { profile: reply.profile } : {}),
      };
    }
    const error =
      reply?.error ?? `the job process exited (code ${String(code)}, signal ${String(signal)})`;
    return { status: 'failed', error, wallMs };
  }

  kill(): void {
    this.child.kill('SIGKILL');
  }
}

interface SignalStop {
  /** The job processes alive: the running job's and the next one's. */
  children: Set<ChildProcess>;
}

/** Ctrl-C / SIGTERM: stop the running job, then the broker and Redis, then exit. */
function stopOnSignals(infra: BenchInfra): SignalStop {
  const state: SignalStop = { children: new Set() };
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: stopping`);
    for (const child of state.children) child.kill('SIGKILL');
    void infra.stop().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  return state;
}

function renderProfile(job: string, p: ProfileSummary): string {
  const lines = [
    `CPU profile of ${job} (measured phases, ${(p.sampledMs / 1000).toFixed(1)} s sampled; ${p.files.join(', ')})`,
  ];
  lines.push('  self time by area:');
  for (const a of p.byArea.slice(0, 10))
    lines.push(`    ${a.pct.toFixed(1).padStart(5)}%  ${a.area}`);
  lines.push('  hottest functions (self):');
  for (const e of p.topSelf.slice(0, 12))
    lines.push(`    ${e.pct.toFixed(1).padStart(5)}%  ${e.fn}`);
  lines.push('  hottest paths (inclusive, saga-kit code):');
  for (const e of p.sagaKitInclusive.slice(0, 12)) {
    lines.push(`    ${e.pct.toFixed(1).padStart(5)}%  ${e.fn}`);
  }
  return lines.join('\n');
}

function gitCommit(): string {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
      cwd: REPO,
      encoding: 'utf8',
    }).trim();
  } catch {
    return 'unknown';
  }
}

function log(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((l) => `    ${l}`)
    .join('\n');
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    // A bad option is the user's to fix: its message says which, a stack would bury it.
    const text =
      error instanceof InvalidArgumentError
        ? error.message
        : error instanceof Error
          ? (error.stack ?? error.message)
          : String(error);
    process.stderr.write(`[bench] ${text}\n`);
    process.exit(1);
  },
);
