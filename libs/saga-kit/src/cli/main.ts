import 'reflect-metadata';
import { processIo } from './cli-io';
import { runCli } from './program';

/** Entry of the `saga-kit` binary: Ctrl-C ends `--follow` cleanly, then the process exits. */
export async function main(argv: readonly string[]): Promise<number> {
  const abort = new AbortController();
  const onInterrupt = (): void => abort.abort();
  process.once('SIGINT', onInterrupt);
  try {
    return await runCli(argv, processIo(abort.signal));
  } finally {
    process.off('SIGINT', onInterrupt);
  }
}

if (require.main === module) {
  void main(process.argv.slice(2)).then((code) => process.exit(code));
}
