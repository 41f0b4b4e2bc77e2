import { create } from '@bufbuild/protobuf';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import {
  CommandBookSchema,
  CoverSchema,
  ReturnAddressSchema,
  type CommandBook,
  type Cover,
} from '../../gen/sagakit/v1/envelope_pb';
import { deterministicId, rootToString } from '../../messaging/ids';
import type { Topics } from '../../messaging/topics';
import type { TypeRegistry } from '../../messaging/type-registry';
import type { SagaDefinition } from '../definition/saga-definition';
import type { SagaCommand } from '../definition/handler-types';
import { packMessage } from '../envelope/pack';
import { toWireSequence } from '../envelope/sequence';

/** The source event a saga reacted to. */
export interface SagaTrigger {
  readonly cover: Cover;
  readonly sequence: number;
  readonly eventId: string;
}

/**
 * The id of the `index`-th command a saga issued for one source event: deterministic, so a
 * redelivered event re-issues the same ids and the target deduplicates them.
 */
export function sagaCommandId(
  saga: string,
  source: { domain: string; root: string },
  sequence: number,
  index: number,
): string {
  return deterministicId('saga-command', saga, source.domain, source.root, sequence, index);
}

/**
 * Stamps a saga's commands as command books: the target cover carries the source's correlation
 * id, the causation is the event, and the return address sends rejections to the source
 * aggregate's notifications topic, bypassing the saga.
 */
export function stampSagaCommands(
  saga: SagaDefinition,
  topics: Topics,
  registry: TypeRegistry,
  trigger: SagaTrigger,
  commands: readonly SagaCommand[],
): CommandBook[] {
  const sourceRoot = rootToString(trigger.cover.root);
  const source = create(CoverSchema, {
    domain: trigger.cover.domain,
    root: trigger.cover.root,
    correlationId: trigger.cover.correlationId,
  });
  return commands.map((c, index) =>
    create(CommandBookSchema, {
      cover: create(CoverSchema, {
        domain: saga.to,
        root: c.root,
        correlationId: trigger.cover.correlationId,
      }),
      command: packMessage(registry, c.command),
      commandId: sagaCommandId(
        saga.name,
        { domain: source.domain, root: sourceRoot },
        trigger.sequence,
        index,
      ),
      causationId: trigger.eventId,
      returnAddress: create(ReturnAddressSchema, {
        source,
        sourceSequence: toWireSequence(trigger.sequence),
        saga: saga.name,
        replyTopic: topics.notifications(source.domain),
        commandIndex: index,
      }),
      ...(c.deadline ? { deadline: timestampFromDate(c.deadline) } : {}),
    }),
  );
}
