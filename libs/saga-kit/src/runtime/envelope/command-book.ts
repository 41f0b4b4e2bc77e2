import { create, type Message } from '@bufbuild/protobuf';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { CommandBookSchema, CoverSchema, type CommandBook } from '../../gen/sagakit/v1/envelope_pb';
import { newId, uuidToBytes } from '../../messaging/ids';
import type { TypeRegistry } from '../../messaging/type-registry';
import { packMessage } from './pack';
import { toWireSequence } from './sequence';

/** What a gateway knows when it sends a command to an aggregate. */
export interface CommandBookInit {
  domain: string;
  /** Target root: a UUID string or 16 bytes. */
  root: string | Uint8Array;
  command: Message;
  /** Idempotency key; a retried request must reuse it (default: a new random id). */
  commandId?: string;
  /** The business flow the command starts or joins (default: the command id). */
  correlationId?: string;
  /** Accept only if the stream's next sequence is this one. */
  expectedSequence?: number;
  deadline?: Date;
  causationId?: string;
}

/** Builds a command book for a command sent from outside a saga (a gateway, a test, a tool). */
export function buildCommandBook(registry: TypeRegistry, init: CommandBookInit): CommandBook {
  const commandId = init.commandId ?? newId();
  const root = typeof init.root === 'string' ? uuidToBytes(init.root) : init.root;
  if (root.length !== 16) throw new TypeError(`a root is 16 bytes, got ${root.length}`);
  return create(CommandBookSchema, {
    cover: create(CoverSchema, {
      domain: init.domain,
      root,
      correlationId: init.correlationId ?? commandId,
    }),
    command: packMessage(registry, init.command),
    commandId,
    causationId: init.causationId ?? '',
    ...(init.expectedSequence === undefined
      ? {}
      : { expectedSequence: toWireSequence(init.expectedSequence) }),
    ...(init.deadline ? { deadline: timestampFromDate(init.deadline) } : {}),
  });
}
