// Runs the CLI in-process for the CLI suites (not a suite itself: no level suffix).
import type { CliIo } from './cli-io';
import { runCli } from './program';

/** Poker contracts, for `--types` (resolved from the repository root). */
export const POKER_TYPES = 'libs/poker-contracts/src';

/** Runs the CLI in-process, capturing what it prints. */
export async function cli(
  ...argv: string[]
): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    out: (line) => out.push(line),
    err: (line) => err.push(line),
    env: {},
    cwd: `${__dirname}/../../../..`,
    interactive: false,
  };
  const code = await runCli(argv, io);
  return { code, out, err };
}
