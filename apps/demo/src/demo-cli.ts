import { Command } from 'commander';

/** What the demo was asked to do. */
export interface DemoOptions {
  /** Play only this scenario. */
  scenario?: string;
  /** List the scenarios and exit. */
  list: boolean;
  /** Keep the services and their HTTP gateways running after the scenarios. */
  serve: boolean;
}

/** Parses the demo's command line (`process.argv`). */
export function parseDemoArgs(argv: readonly string[]): DemoOptions {
  const program = new Command('saga-kit-demo')
    .description(
      'Boots the player, table and hand services in one process on the memory adapters and plays the poker failure scenarios.',
    )
    .option('--scenario <name>', 'play only this scenario')
    .option('--list', 'list the scenarios and exit', false)
    .option('--serve', 'keep the services and their HTTP gateways running (ports 3001-3003)', false)
    .allowExcessArguments(false);
  program.parse([...argv]);
  const opts = program.opts<{ scenario?: string; list: boolean; serve: boolean }>();
  return {
    list: opts.list,
    serve: opts.serve,
    ...(opts.scenario ? { scenario: opts.scenario } : {}),
  };
}
