import type { Message } from '@bufbuild/protobuf';
import { isProtoMessage } from '../envelope/pack';

/**
 * Normalises what a handler returned into a list of events: one message, an array of messages,
 * or nothing (`null`/`undefined`). Handlers are synchronous and pure: a promise or a value that
 * is not a protobuf message is a programming error (`TypeError`, never retried).
 */
export function eventsOf(result: unknown, handler: string): Message[] {
  if (result === undefined || result === null) return [];
  if (isThenable(result)) {
    throw new TypeError(`${handler} returned a promise; handlers must be synchronous and pure`);
  }
  const list: readonly unknown[] = Array.isArray(result) ? result : [result];
  return list.map((item, i) => {
    if (!isProtoMessage(item)) {
      throw new TypeError(
        `${handler} returned ${describe(item)} at index ${i}; return messages made with create()`,
      );
    }
    return item;
  });
}

function isThenable(value: unknown): boolean {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a nested array';
  return typeof value === 'object' ? 'an object that is not a message' : typeof value;
}
