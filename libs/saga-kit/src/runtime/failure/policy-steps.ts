import { create } from '@bufbuild/protobuf';
import { CommandOutcomeSchema, type Cover } from '../../gen/sagakit/v1/envelope_pb';
import { rootToString } from '../../messaging/ids';
import { decode, encode } from '../../messaging/type-registry';
import type { DedupRecord, StreamId } from '../../ports/event-store.port';
import { toSequence, toWireSequence } from '../envelope/sequence';

/** The flags of a `RevocationResponse`, as steps of the failure policy. */
export type PolicyStepName = 'system-revocation' | 'dead-letter' | 'escalation' | 'abort';

/**
 * Idempotency key of one step for one notification, kept in the source stream: a notification
 * retried after a partial failure re-runs only the steps without a record.
 */
export function stepKey(step: PolicyStepName, notificationId: string): string {
  return `policy:${step}:${notificationId}`;
}

/** The stream of an aggregate's cover. */
export function streamOf(cover: Cover): StreamId {
  return { domain: cover.domain, root: rootToString(cover.root) };
}

/** A step's idempotency record, holding the sequences it appended (if any). */
export function stepRecord(key: string, cover: Cover, sequences: readonly number[]): DedupRecord {
  const outcome = create(CommandOutcomeSchema, {
    commandId: key,
    cover,
    result: { case: 'accepted', value: { sequences: sequences.map(toWireSequence) } },
  });
  return { key, value: encode(CommandOutcomeSchema, outcome) };
}

/** The sequences a step's idempotency record holds. */
export function sequencesOfRecord(value: Uint8Array): number[] {
  const outcome = decode(CommandOutcomeSchema, value, 'failure policy step record');
  return outcome.result.case === 'accepted' ? outcome.result.value.sequences.map(toSequence) : [];
}
