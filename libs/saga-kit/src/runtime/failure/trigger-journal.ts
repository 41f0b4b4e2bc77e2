import { CommandBookSchema, type CommandBook } from '../../gen/sagakit/v1/envelope_pb';
import { decode, encode } from '../../messaging/type-registry';
import type { EventStore, StreamId } from '../../ports/event-store.port';

/**
 * The trigger journal: how an aborted flow finds its way upstream.
 *
 * An `abort` at aggregate B must send the rejection to whoever issued the command that made B
 * emit the event its own saga command was issued for. That event's page names its cause
 * (`causation_id` = the command id), but neither the page nor the idempotency record holds the
 * command's return address or payload. So when B accepts a command that carries a return address
 * (a saga-issued command), the runtime first writes the whole command book into B's stream as an
 * idempotency record under `trigger:<command id>` (an append without pages: same stream, same
 * slot, no sequence check). It is written ahead of the events, so whenever the events exist the
 * record does too; a retried command writes it again harmlessly. Commands from gateways have no
 * return address and are not journaled: an abort there has nowhere upstream to go.
 */
export function triggerKey(commandId: string): string {
  return `trigger:${commandId}`;
}

/** Journals a saga-issued command before its events are appended; other commands are skipped. */
export async function journalTrigger(
  store: EventStore,
  stream: StreamId,
  book: CommandBook,
): Promise<void> {
  if (!book.returnAddress?.source) return;
  await store.append({
    stream,
    expectedSequence: 0,
    pages: [],
    dedup: { key: triggerKey(book.commandId), value: encode(CommandBookSchema, book) },
  });
}

/** The journaled command book of `commandId` in `stream`, if it was a saga-issued command. */
export async function findTrigger(
  store: EventStore,
  stream: StreamId,
  commandId: string,
): Promise<CommandBook | undefined> {
  if (!commandId) return undefined;
  const stored = await store.findDedup(stream, triggerKey(commandId));
  return stored ? decode(CommandBookSchema, stored, 'journaled command') : undefined;
}
