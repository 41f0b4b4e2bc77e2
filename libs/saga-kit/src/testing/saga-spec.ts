import type { Message } from '@bufbuild/protobuf';
import { timestampDate } from '@bufbuild/protobuf/wkt';
import { create } from '@bufbuild/protobuf';
import { CoverSchema, type CommandBook } from '../gen/sagakit/v1/envelope_pb';
import { rootToString, uuidToBytes } from '../messaging/ids';
import { Topics } from '../messaging/topics';
import type { SagaDefinition } from '../runtime/definition/saga-definition';
import { toSequence } from '../runtime/envelope/sequence';
import { createSagaContext, sagaCommandsOf } from '../runtime/saga/saga-context';
import { sagaCommandId, stampSagaCommands } from '../runtime/saga/stamp-commands';
import { sagaOf, type DefinitionSource } from './definition-source';
import { assertMessages, fail } from './message-assertions';
import { registryOf, type RegistryInput } from './registry-of';

/** Options of {@link sagaSpec}. */
export interface SagaSpecOptions {
  /** Registry (or files) holding the commands' types; the saga's own event files are added. */
  registry?: RegistryInput;
  prefix?: string;
  now?: Date;
}

/** Where the event of a saga spec comes from. */
export interface SagaSpecSource {
  /** Sequence of the event in the source stream. */
  sequence: number;
  /** Source root (UUID string or bytes). */
  root: string | Uint8Array;
  /** Default: the saga's `from` domain. */
  domain?: string;
  correlationId?: string;
  eventId?: string;
}

/** A command the saga is expected to issue. */
export interface ExpectedSagaCommand {
  root: string | Uint8Array;
  command: Message;
  deadline?: Date;
}

/** The outcome half of a saga spec. */
export interface SagaThen {
  /**
   * The saga issues exactly these commands, in order, each stamped with the source's correlation
   * id, a deterministic command id, the event as causation and a return address to the source.
   * Returns the stamped command books for further checks.
   */
  thenCommands(expected: readonly ExpectedSagaCommand[]): CommandBook[];
  thenNoCommands(): void;
}

/** Given/when/then for a stateless saga: `sagaSpec(saga).when(event, source).thenCommands([...])`. */
export function sagaSpec(
  saga: DefinitionSource,
  options: SagaSpecOptions = {},
): { when(event: Message, source: SagaSpecSource): SagaThen } {
  const definition = sagaOf(saga);
  const registry = registryOf(
    options.registry,
    [...definition.handlers.values()].map((h) => h.schema),
  );
  const topics = new Topics(options.prefix);
  return {
    when: (event, source) => {
      const books = (): CommandBook[] => {
        const handler = definition.handlers.get(event.$typeName);
        if (!handler) return [];
        const cover = create(CoverSchema, {
          domain: source.domain ?? definition.from,
          root: typeof source.root === 'string' ? uuidToBytes(source.root) : source.root,
          correlationId: source.correlationId ?? 'spec-correlation',
        });
        const trigger = {
          cover,
          sequence: source.sequence,
          eventId: source.eventId ?? 'spec-event',
        };
        const { ctx, issued } = createSagaContext({
          saga: definition.name,
          source: {
            domain: cover.domain,
            root: rootToString(cover.root),
            sequence: source.sequence,
            eventId: trigger.eventId,
          },
          correlationId: cover.correlationId,
          now: options.now ?? new Date('2024-01-01T00:00:00.000Z'),
        });
        const commands = sagaCommandsOf(issued, handler.handle(event, ctx), handler.name);
        return stampSagaCommands(definition, topics, registry, trigger, commands);
      };
      return {
        thenCommands(expected) {
          const issued = books();
          if (issued.length !== expected.length) {
            fail(
              `${definition.name}: expected ${expected.length} command(s), got ${issued.length}`,
            );
          }
          issued.forEach((book, i) =>
            checkBook(
              definition,
              topics,
              registry.unpack.bind(registry),
              book,
              expected[i],
              source,
              i,
            ),
          );
          return issued;
        },
        thenNoCommands() {
          const issued = books();
          if (issued.length > 0)
            fail(`${definition.name}: expected no commands, got ${issued.length}`);
        },
      };
    },
  };
}

function checkBook(
  saga: SagaDefinition,
  topics: Topics,
  unpack: (any: NonNullable<CommandBook['command']>) => Message,
  book: CommandBook,
  expected: ExpectedSagaCommand | undefined,
  source: SagaSpecSource,
  index: number,
): void {
  if (!expected || !book.cover || !book.command || !book.returnAddress?.source) {
    fail(`${saga.name}: command ${index} is incomplete`);
  }
  const where = `${saga.name}: command ${index}`;
  assertMessages([unpack(book.command)], [expected.command], `${where}: unexpected payload`);
  const expectedRoot =
    typeof expected.root === 'string' ? expected.root : rootToString(expected.root);
  const sourceRoot = typeof source.root === 'string' ? source.root : rootToString(source.root);
  const sourceDomain = source.domain ?? saga.from;
  const ra = book.returnAddress;
  const raSource = ra.source;
  const checks: [string, unknown, unknown][] = [
    ['target domain', book.cover.domain, saga.to],
    ['target root', rootToString(book.cover.root), expectedRoot],
    ['correlation id', book.cover.correlationId, source.correlationId ?? 'spec-correlation'],
    [
      'command id',
      book.commandId,
      sagaCommandId(saga.name, { domain: sourceDomain, root: sourceRoot }, source.sequence, index),
    ],
    ['return address source domain', raSource?.domain, sourceDomain],
    ['return address source root', raSource ? rootToString(raSource.root) : undefined, sourceRoot],
    ['return address source sequence', toSequence(ra.sourceSequence), source.sequence],
    ['return address saga', ra.saga, saga.name],
    ['return address reply topic', ra.replyTopic, topics.notifications(sourceDomain)],
    ['return address command index', ra.commandIndex, index],
    [
      'deadline',
      book.deadline ? timestampDate(book.deadline).toISOString() : undefined,
      expected.deadline?.toISOString(),
    ],
  ];
  for (const [what, actual, wanted] of checks) {
    if (actual !== wanted)
      fail(`${where}: ${what} is ${String(actual)}, expected ${String(wanted)}`);
  }
}
