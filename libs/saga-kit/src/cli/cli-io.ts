/** Where the CLI writes and what it reads from its surroundings; tests pass their own. */
export interface CliIo {
  /** One line of result (stdout). */
  out(line: string): void;
  /** One line for the operator (stderr): progress, warnings, errors. */
  err(line: string): void;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Whether stderr is a terminal (progress bars draw only there). */
  interactive: boolean;
  /** Aborted on Ctrl-C: `--follow` stops cleanly. */
  signal?: AbortSignal;
}

/** The process's own streams and environment. */
export function processIo(signal?: AbortSignal): CliIo {
  return {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
    env: process.env,
    cwd: process.cwd(),
    interactive: process.stderr.isTTY === true,
    ...(signal ? { signal } : {}),
  };
}

/** A mistake of the operator (bad flag, refused request): printed without a stack, exit code 2. */
export class CliUsageError extends Error {
  override readonly name = 'CliUsageError';
}
