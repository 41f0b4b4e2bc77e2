import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';

const SETPRIV = '/usr/bin/setpriv';
const TAIL_LINES = 60;
const KEPT_STDOUT_LINES = 16;

const live = new Set<OwnedProcess>();
let exitHookInstalled = false;

/** How a spawned helper ended. */
export interface ProcessExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

/**
 * A helper process (redis-server, kafka-mock) owned by the test run. It must never outlive
 * its owner, so three nets catch it: `stop()`, a synchronous kill on the owner's `exit`,
 * and, on Linux, a parent-death signal (setpriv --pdeathsig) for owners killed with SIGKILL.
 */
export class OwnedProcess {
  readonly exited: Promise<ProcessExit>;
  private readonly tail: string[] = [];
  private readonly stdoutLines: string[] = [];
  private readonly stdoutWaiters = new Set<() => void>();
  private exitInfo: ProcessExit | undefined;
  private stopping = false;

  private constructor(
    readonly name: string,
    private readonly child: ChildProcess,
    private readonly echo: boolean,
  ) {
    this.exited = new Promise((resolve) => {
      const settle = (info: ProcessExit): void => {
        if (this.exitInfo) return;
        this.exitInfo = info;
        live.delete(this);
        this.notifyStdout();
        resolve(info);
      };
      child.once('exit', (code, signal) => {
        settle({ code, signal });
        // A helper dying under running tests shows up as hangs and timeouts elsewhere: say so.
        if (!this.stopping)
          process.stderr.write(`\n${this.failure('exited unexpectedly').message}\n`);
      });
      // A spawn that failed (ENOENT...) reports 'error' and may never report 'exit'.
      child.on('error', (error) => {
        this.record(`[${name}] ${error.message}`);
        if (child.pid === undefined) settle({ code: null, signal: null });
      });
    });
    if (child.stdout) {
      createInterface({ input: child.stdout }).on('line', (line) => {
        if (this.stdoutLines.length < KEPT_STDOUT_LINES) this.stdoutLines.push(line);
        this.record(line);
        this.notifyStdout();
      });
    }
    if (child.stderr) {
      createInterface({ input: child.stderr }).on('line', (line) => this.record(line));
    }
  }

  /**
   * Spawns `command`; `echo` copies its output to our stderr (for debugging). stdin stays an
   * open pipe on purpose: helpers that watch it (kafka-mock) see EOF, and exit, when this
   * process dies.
   */
  static spawn(
    name: string,
    command: string,
    args: readonly string[],
    { echo = false }: { echo?: boolean } = {},
  ): OwnedProcess {
    const [file, argv] =
      process.platform === 'linux' && existsSync(SETPRIV)
        ? [SETPRIV, ['--pdeathsig', 'TERM', '--', command, ...args]]
        : [command, [...args]];
    const child = spawn(file, argv, { stdio: ['pipe', 'pipe', 'pipe'] });
    const owned = new OwnedProcess(name, child, echo);
    live.add(owned);
    installExitHook();
    return owned;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  hasExited(): boolean {
    return this.exitInfo !== undefined;
  }

  /** The last lines the process printed, for error messages. */
  output(): string {
    return this.tail.join('\n');
  }

  /** Resolves with the first `count` stdout lines; rejects if the process exits or times out. */
  async firstStdoutLines(count: number, timeoutMs: number): Promise<string[]> {
    if (count > KEPT_STDOUT_LINES) throw new RangeError(`at most ${KEPT_STDOUT_LINES} lines`);
    let timer: NodeJS.Timeout | undefined;
    let wake: (() => void) | undefined;
    try {
      return await new Promise<string[]>((resolve, reject) => {
        wake = () => {
          if (this.stdoutLines.length >= count) resolve(this.stdoutLines.slice(0, count));
          else if (this.exitInfo) reject(this.failure('exited during startup'));
        };
        timer = setTimeout(
          () => reject(this.failure(`printed nothing usable in ${timeoutMs} ms`)),
          timeoutMs,
        );
        this.stdoutWaiters.add(wake);
        wake();
      });
    } finally {
      clearTimeout(timer);
      if (wake) this.stdoutWaiters.delete(wake);
    }
  }

  /** An error that explains what happened, with the process's last output. */
  failure(what: string): Error {
    const how = this.exitInfo
      ? ` (exit code ${String(this.exitInfo.code)}, signal ${String(this.exitInfo.signal)})`
      : '';
    return new Error(`${this.name} ${what}${how}. Its last output:\n${this.output()}`);
  }

  /** SIGTERM, then SIGKILL if it has not exited after `graceMs`. Idempotent. */
  async stop(graceMs = 5000): Promise<ProcessExit> {
    if (this.exitInfo) return this.exitInfo;
    this.stopping = true;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    try {
      return await this.exited;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Immediate SIGKILL, to simulate a crash. */
  async kill(): Promise<ProcessExit> {
    if (this.exitInfo) return this.exitInfo;
    this.stopping = true;
    this.child.kill('SIGKILL');
    return this.exited;
  }

  /** Kills without waiting: the only thing allowed in an `exit` handler. */
  killNow(): void {
    this.stopping = true;
    if (!this.exitInfo) this.child.kill('SIGKILL');
  }

  private record(line: string): void {
    if (this.echo) process.stderr.write(`[${this.name}] ${line}\n`);
    this.tail.push(line);
    if (this.tail.length > TAIL_LINES) this.tail.shift();
  }

  private notifyStdout(): void {
    for (const waiter of this.stdoutWaiters) waiter();
  }
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const owned of live) owned.killNow();
  });
}
