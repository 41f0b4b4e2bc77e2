import { create } from '@bufbuild/protobuf';
import { CommandOutcomeSchema, type Cover } from '../../gen/sagakit/v1/envelope_pb';
import { decode, encode } from '../../messaging/type-registry';
import type { DedupRecord } from '../../ports/event-store.port';
import { toSequence, toWireSequence } from './sequence';

/**
 * An idempotency record saying the work keyed `key` was done and appended `sequences` (maybe
 * none), as an accepted `CommandOutcome` for `commandId` (the key itself unless it differs).
 */
export function acceptedRecord(
  key: string,
  cover: Cover,
  sequences: readonly number[],
  commandId: string = key,
): DedupRecord {
  const outcome = create(CommandOutcomeSchema, {
    commandId,
    cover,
    result: { case: 'accepted', value: { sequences: sequences.map(toWireSequence) } },
  });
  return { key, value: encode(CommandOutcomeSchema, outcome) };
}

/** The sequences an idempotency record holds: those appended when accepted, none otherwise. */
export function sequencesOfRecord(value: Uint8Array, what = 'idempotency record'): number[] {
  const outcome = decode(CommandOutcomeSchema, value, what);
  return outcome.result.case === 'accepted' ? outcome.result.value.sequences.map(toSequence) : [];
}
