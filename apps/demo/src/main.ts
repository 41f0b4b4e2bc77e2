import 'reflect-metadata';
import { createServiceLogger } from '@saga-kit/core';
import { parseDemoArgs, type DemoOptions } from './demo-cli';
import { startDemoSystem, type DemoSystem } from './demo-system';
import { renderRun, renderSummary, runScenarios } from './scenario-runner';
import { SCENARIOS } from './scenarios';

/** Exit codes: every scenario reached its outcome, one did not, the command line was wrong. */
const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

async function main(options: DemoOptions): Promise<number> {
  if (options.list) {
    for (const s of SCENARIOS) console.log(`${s.name.padEnd(24)}${s.title}`);
    return EXIT.ok;
  }
  const selected = options.scenario
    ? SCENARIOS.filter((s) => s.name === options.scenario)
    : SCENARIOS;
  if (selected.length === 0) {
    console.error(
      `unknown scenario "${options.scenario ?? ''}"; known: ${SCENARIOS.map((s) => s.name).join(', ')}`,
    );
    return EXIT.usage;
  }
  // The story goes to stdout; the services' JSON logs to stderr.
  const level = process.env.LOG_LEVEL ?? (options.serve ? 'info' : 'warn');
  const system = await startDemoSystem({
    logger: (service) => createServiceLogger(service, { level, fd: 2 }),
    serve: options.serve,
  });
  let failed = true;
  try {
    const runs = await runScenarios(system, selected);
    for (const run of runs) console.log(`${renderRun(run)}\n`);
    console.log(renderSummary(runs));
    failed = runs.some((r) => !r.passed);
    if (options.serve) await serveUntilStopped(system);
  } finally {
    await system.close();
  }
  return failed ? EXIT.failed : EXIT.ok;
}

/** Prints where the gateways listen and waits for SIGINT or SIGTERM. */
async function serveUntilStopped(system: DemoSystem): Promise<void> {
  console.log('\nServing (Ctrl-C to stop):');
  for (const [domain, url] of system.urls) {
    console.log(
      `  ${domain.padEnd(7)}${url}  POST /commands  GET /aggregates/${domain}/:root  /correlations/:id/timeline  /metrics  /health`,
    );
  }
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
}

main(parseDemoArgs(process.argv)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exitCode = EXIT.failed;
  },
);
