import { create, type Message } from '@bufbuild/protobuf';
import { CommandBookSchema, CoverSchema, ReturnAddressSchema } from '../gen/sagakit/v1/envelope_pb';
import type { RevocationResponse } from '../gen/sagakit/v1/failure_pb';
import { rootToString, uuidToBytes } from '../messaging/ids';
import { shortTypeName } from '../messaging/type-registry';
import { Topics } from '../messaging/topics';
import { eventsOf } from '../runtime/aggregate/decide';
import { evolveAll } from '../runtime/aggregate/evolve';
import { rejectionKey } from '../runtime/definition/aggregate-definition';
import type { RejectionContext } from '../runtime/definition/handler-types';
import { packMessage } from '../runtime/envelope/pack';
import { toWireSequence } from '../runtime/envelope/sequence';
import { isRevocationResponse } from '../runtime/rejection/delegate-to-framework';
import { aggregateOf, type DefinitionSource } from './definition-source';
import { assertMessages, fail, render } from './message-assertions';
import { registryOf, type RegistryInput } from './registry-of';

/** The rejection a spec feeds to a `@Rejected` handler. */
export interface SpecRejection {
  /** Domain of the aggregate that rejected. */
  domain: string;
  /** The rejected command's payload. */
  command: Message;
  reason: string;
  /** Root the command was sent to (default: a fixed UUID). */
  targetRoot?: string | Uint8Array;
  /** Root of the aggregate under test (default: a fixed UUID). */
  sourceRoot?: string;
  sourceSequence?: number;
  saga?: string;
  correlationId?: string;
  now?: Date;
}

/** What a `@Rejected` handler is expected to return. */
export type ExpectedRejectionOutcome = Message | readonly Message[] | RevocationResponse | null;

/** The outcome half of a rejection spec. */
export interface RejectionThen {
  /** Event(s) to append, `null` for nothing to undo, or a `delegateToFramework(...)` response. */
  then(expected: ExpectedRejectionOutcome): void;
  /** No `@Rejected` handler claims the rejection: the framework's fallback applies. */
  thenUnhandled(): void;
}

const SPEC_TARGET = '00000000-0000-4000-8000-00000000000a';
const SPEC_SOURCE = '00000000-0000-4000-8000-00000000000b';

/**
 * Given/when/then for `@Rejected` handlers:
 * `rejectionSpec(Player).given([reserved]).whenRejected({ domain: 'table', command, reason }).then(released)`.
 */
export function rejectionSpec<S>(
  aggregate: DefinitionSource,
  options: { registry?: RegistryInput; prefix?: string } = {},
): {
  given(events: readonly Message[]): { whenRejected(rejection: SpecRejection): RejectionThen };
} {
  const definition = aggregateOf<S>(aggregate);
  const registry = registryOf(options.registry, [
    ...[...definition.commands.values()].map((h) => h.schema),
    ...[...definition.evolvers.values()].map((h) => h.schema),
  ]);
  const topics = new Topics(options.prefix);
  return {
    given: (events) => ({
      whenRejected: (r) => {
        const key = rejectionKey(r.domain, shortTypeName(r.command.$typeName));
        const handler = definition.rejections.get(key);
        const run = (): unknown => {
          if (!handler) fail(`no @Rejected handler for ${key} on ${definition.domain}`);
          const state = evolveAll(definition, definition.initialState(), events);
          return handler.handle(context(r), state);
        };
        const context = (rej: SpecRejection): RejectionContext => {
          const correlationId = rej.correlationId ?? 'spec-correlation';
          const targetRoot = rej.targetRoot ?? SPEC_TARGET;
          const target = create(CoverSchema, {
            domain: rej.domain,
            root: typeof targetRoot === 'string' ? uuidToBytes(targetRoot) : targetRoot,
            correlationId,
          });
          const source = create(CoverSchema, {
            domain: definition.domain,
            root: uuidToBytes(rej.sourceRoot ?? SPEC_SOURCE),
            correlationId,
          });
          const saga = rej.saga ?? 'spec-saga';
          const book = create(CommandBookSchema, {
            cover: target,
            command: packMessage(registry, rej.command),
            commandId: 'spec-command',
            returnAddress: create(ReturnAddressSchema, {
              source,
              sourceSequence: toWireSequence(rej.sourceSequence ?? 0),
              saga,
              replyTopic: topics.notifications(definition.domain),
            }),
          });
          return {
            reason: rej.reason,
            command: book,
            payload: rej.command,
            commandType: shortTypeName(rej.command.$typeName),
            target,
            targetRoot: rootToString(target.root),
            source,
            sourceSequence: rej.sourceSequence ?? 0,
            saga,
            correlationId,
            issuer: { name: rej.domain, type: 'aggregate' },
            notificationId: 'spec-notification',
            now: rej.now ?? new Date('2024-01-01T00:00:00.000Z'),
          };
        };
        return {
          then(expected) {
            const returned = run();
            const name = handler?.name ?? key;
            if (isRevocationResponse(expected)) {
              if (!isRevocationResponse(returned))
                fail(`${name}: expected a delegation, got ${render(returned)}`);
              assertMessages([returned], [expected], `${name}: unexpected delegation`);
              return;
            }
            if (isRevocationResponse(returned))
              fail(`${name}: expected events, got delegation ${render(returned)}`);
            const list: readonly Message[] =
              expected === null ? [] : Array.isArray(expected) ? expected : [expected as Message];
            assertMessages(eventsOf(returned, name), list, `${name}: unexpected compensation`);
          },
          thenUnhandled() {
            if (handler) fail(`expected no handler for ${key}, but ${handler.name} handles it`);
          },
        };
      },
    }),
  };
}
