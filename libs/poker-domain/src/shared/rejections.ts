import { CommandRejectedError } from '@saga-kit/core';

/** Closed sets of rejection reasons, by short command name. */
export type ReasonCatalog = Readonly<Record<string, readonly string[]>>;

/** The short name of a `poker.v1` message type, e.g. `ReserveFunds`. */
export type ShortName<M extends { readonly $typeName: string }> =
  M['$typeName'] extends `poker.v1.${infer N}` ? N : never;

/**
 * Builds `reject(command, reason)`: the compiler only accepts a reason from that command's closed
 * set, so a new "no" has to be added to the catalog (and to its tests) first.
 */
export function rejecterFor<T extends ReasonCatalog>(
  _catalog: T,
): <C extends keyof T & string>(command: C, reason: T[C][number]) => CommandRejectedError {
  return (command, reason) => new CommandRejectedError(reason, `${command} rejected: ${reason}`);
}
