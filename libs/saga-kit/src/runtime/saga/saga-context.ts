import { uuidToBytes } from '../../messaging/ids';
import type { SagaCommand, SagaContext } from '../definition/handler-types';
import { isProtoMessage } from '../envelope/pack';

/** A saga context plus the commands issued through it, in call order. */
export interface SagaContextScope {
  readonly ctx: SagaContext;
  readonly issued: readonly SagaCommand[];
}

/** Creates the context a saga handler gets for one source event. */
export function createSagaContext(fields: Omit<SagaContext, 'command'>): SagaContextScope {
  const issued: SagaCommand[] = [];
  const ctx: SagaContext = {
    ...fields,
    command(target, command, options = {}) {
      const root = typeof target === 'string' ? uuidToBytes(target) : target;
      if (!(root instanceof Uint8Array) || root.length !== 16) {
        throw new TypeError(`${fields.saga}: a command target must be a 16-byte root or a UUID`);
      }
      if (!isProtoMessage(command)) {
        throw new TypeError(`${fields.saga}: ctx.command needs a message made with create()`);
      }
      const { deadline, deliverAt } = options;
      if (deliverAt !== undefined && !isValidDate(deliverAt)) {
        throw new TypeError(`${fields.saga}: deliverAt must be a valid Date`);
      }
      const issuedCommand: SagaCommand = {
        root,
        command,
        ...(deadline === undefined ? {} : { deadline }),
        ...(deliverAt === undefined ? {} : { deliverAt }),
      };
      issued.push(issuedCommand);
      return issuedCommand;
    },
  };
  return { ctx, issued };
}

/**
 * The commands of one handler call: those issued through `ctx.command`, in call order, then any
 * returned ones not issued through it already. Returning what `ctx.command` gave does not issue
 * a command twice.
 */
export function sagaCommandsOf(
  issued: readonly SagaCommand[],
  returned: unknown,
  handler: string,
): SagaCommand[] {
  const all = [...issued];
  if (returned === undefined || returned === null) return all;
  if (typeof (returned as { then?: unknown }).then === 'function') {
    throw new TypeError(`${handler} returned a promise; saga handlers must be synchronous`);
  }
  const list: readonly unknown[] = Array.isArray(returned) ? returned : [returned];
  for (const item of list) {
    if (!isSagaCommand(item)) {
      throw new TypeError(`${handler} must return commands built with ctx.command(...)`);
    }
    if (!all.includes(item)) all.push(item);
  }
  return all;
}

function isSagaCommand(value: unknown): value is SagaCommand {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { root?: unknown }).root instanceof Uint8Array &&
    isProtoMessage((value as { command?: unknown }).command)
  );
}

function isValidDate(value: unknown): value is Date {
  return value instanceof Date && !Number.isNaN(value.getTime());
}
