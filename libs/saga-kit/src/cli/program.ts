import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { CliContext, type GlobalOptions } from './cli-context';
import type { CliIo } from './cli-io';
import { audit, AUDIT_FORMATS, type AuditOptions } from './commands/audit.command';
import {
  dlqCounts,
  dlqDiscard,
  dlqList,
  dlqReplay,
  dlqShow,
  type DlqListOptions,
  type DlqReplayOptions,
} from './commands/dlq.command';
import { inspect, type InspectOptions } from './commands/inspect.command';
import { topology, type TopologyOptions } from './commands/topology.command';
import { undo, type UndoOptions } from './commands/undo.command';

/** The `saga-kit` command tree, writing to `io`. */
export function buildProgram(io: CliIo): Command {
  const program = new Command('saga-kit')
    .description(
      'Operate saga-kit services: read topics and the audit trail, review dead letters, undo events, draw the topology.',
    )
    .option('--brokers <list>', 'Kafka bootstrap servers, comma-separated (env KAFKA_BROKERS)')
    .option('--redis <url>', 'Redis of the event store and audit log (env REDIS_URL)')
    .option(
      '--prefix <prefix>',
      'topic prefix, and Redis key prefix unless --key-prefix (env SAGAKIT_TOPIC_PREFIX, else SAGAKIT_PREFIX; default sagakit)',
    )
    .option(
      '--key-prefix <prefix>',
      'Redis key prefix (env SAGAKIT_KEY_PREFIX; default: --prefix, else SAGAKIT_PREFIX, else sagakit)',
    )
    .option('--api <url>', 'dlq-worker URL (env DLQ_API_URL, default http://localhost:3004)')
    .option(
      '--token <token>',
      'dlq-worker API token (env DLQ_API_TOKEN; prefer the variable: flags show in `ps`)',
    )
    .option(
      '--types <modules>',
      'comma-separated modules exporting protobuf files to decode payloads with (env SAGAKIT_TYPES)',
    )
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.out(s.trimEnd()),
      writeErr: (s) => io.err(s.trimEnd()),
    });
  const ctx = (command: Command): CliContext =>
    new CliContext(io, command.optsWithGlobals<GlobalOptions>());
  const sub = (name: string, description: string): Command =>
    program
      .command(name)
      .description(description)
      .exitOverride()
      .configureOutput(program.configureOutput());

  sub('inspect', 'print the messages of a topic as JSON lines, payloads decoded')
    .argument('<topic>', 'topic name, e.g. sagakit.table.commands')
    .option('--from-beginning', 'start at the oldest message (default)')
    .option('--from-end', 'start after the newest message (use with --follow)')
    .option('--limit <n>', 'stop after n messages', positiveInt)
    .option('--follow', 'keep waiting for new messages until Ctrl-C')
    .action((topic: string, _o: unknown, command: Command) =>
      inspect(ctx(command), topic, command.opts<InspectOptions>()),
    );

  sub('audit', 'print a correlation timeline or an aggregate history from the audit log')
    .option('--correlation <id>', 'correlation id of the flow')
    .option('--domain <domain>', 'aggregate domain (with --root)')
    .option('--root <uuid>', 'aggregate root (with --domain)')
    .addOption(
      new Option('--format <format>', 'output format').choices(AUDIT_FORMATS).default('text'),
    )
    .action((_o: unknown, command: Command) => audit(ctx(command), command.opts<AuditOptions>()));

  const dlq = sub('dlq', 'review dead letters through the dlq-worker API');
  const filters = (c: Command): Command =>
    c
      .option('--domain <domain>')
      .option('--reason <reason>')
      .option('--component <component>')
      .option('--status <status>', 'open | replaying | replayed | discarded')
      .option('--from <time>', 'failed at or after (ISO 8601)')
      .option('--to <time>', 'failed at or before (ISO 8601)');
  const dlqSub = (name: string, description: string): Command =>
    dlq
      .command(name)
      .description(description)
      .exitOverride()
      .configureOutput(program.configureOutput());
  filters(dlqSub('list', 'list entries, newest first'))
    .option('--limit <n>', 'entries per page', '50')
    .option('--offset <n>', 'entries to skip', '0')
    .option('--json', 'one JSON object per line')
    .action((_o: unknown, command: Command) =>
      dlqList(ctx(command), command.opts<DlqListOptions>()),
    );
  dlqSub('counts', 'entries per status, domain, reason and component')
    .option('--status <status>', 'count only entries of this status')
    .action((_o: unknown, command: Command) =>
      dlqCounts(ctx(command), command.opts<{ status?: string }>()),
    );
  dlqSub('show', 'one entry: decoded payload, headers, timeline')
    .argument('<id>')
    .action((id: string, _options, command: Command) => dlqShow(ctx(command), id));
  filters(dlqSub('replay', 'republish entries to their original topic, each at most once'))
    .argument('[ids...]', 'entry ids; without them, every open entry matching the filter')
    .option('--all', 'with no ids and no filter: every open entry')
    .action((ids: string[], _o: unknown, command: Command) =>
      dlqReplay(ctx(command), ids, command.opts<DlqReplayOptions>()),
    );
  dlqSub('discard', 'close an open entry without replaying it')
    .argument('<id>')
    .requiredOption('--note <text>', 'why (kept with the entry and in the audit trail)')
    .action((id: string, _o: unknown, command: Command) =>
      dlqDiscard(ctx(command), id, command.opts<{ note: string }>()),
    );

  for (const [name, kind, what] of [
    ['revoke', 'revocation', 'hide events: they read as NoOp from now on'],
    ['compensate', 'compensate', "undo events through their @Compensate handlers' inverse events"],
  ] as const) {
    sub(name, `${what} (sent to the aggregate's service, which appends the marker)`)
      .requiredOption('--domain <domain>', 'aggregate domain')
      .requiredOption('--root <uuid>', 'aggregate root')
      .requiredOption('--sequences <list>', 'event sequences, comma-separated')
      .requiredOption('--reason <text>', 'why (recorded with the marker and in the audit trail)')
      .option('--correlation <id>', 'flow to record the undo against')
      .option('--no-wait', 'do not wait for the marker to be appended')
      .option('--timeout <seconds>', 'how long to wait for the marker', '30')
      .action((_o: unknown, command: Command) =>
        undo(ctx(command), kind, command.opts<UndoOptions>()),
      );
  }

  sub('topology', 'draw domains, sagas and rejection routes as a mermaid flowchart')
    .option(
      '--definitions <modules>',
      'comma-separated modules exporting aggregate/saga classes, instances or definitions (e.g. the built @poker/domain)',
    )
    .option('--file <path>', 'a topology JSON file written by `topology --format json`')
    .addOption(
      new Option('--format <format>', 'output format')
        .choices(['mermaid', 'json'])
        .default('mermaid'),
    )
    .action((_o: unknown, command: Command) =>
      topology(ctx(command), command.opts<TopologyOptions>()),
    );

  return program;
}

/** Runs the CLI; resolves the exit code (0 ok, 1 failure, 2 usage or refused request). */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const program = buildProgram(io);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version end here too, with exit code 0.
      return error.exitCode === 0 ? 0 : 2;
    }
    if (
      error instanceof Error &&
      (error.name === 'CliUsageError' || error instanceof InvalidArgumentError)
    ) {
      io.err(`saga-kit: ${error.message}`);
      return 2;
    }
    io.err(`saga-kit: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 1)
    throw new InvalidArgumentError('must be a positive integer');
  return n;
}
