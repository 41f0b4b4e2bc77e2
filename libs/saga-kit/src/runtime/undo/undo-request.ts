import { create } from '@bufbuild/protobuf';
import {
  CompensateSchema,
  RevocationSchema,
  type Compensate,
  type Revocation,
} from '../../gen/sagakit/v1/failure_pb';
import { toWireSequence } from '../envelope/sequence';

/** The two undo mechanisms. */
export type UndoKind = 'revocation' | 'compensate';

/** An undo marker message, as a `@Rejected` handler may return it. */
export type UndoMarker = Revocation | Compensate;

/**
 * A `@Rejected` handler's answer asking to revoke its own events: they and the marker read as
 * `NoOp`, as if they never happened. The sequences are validated before anything is appended.
 */
export function revoke(sequences: readonly number[], reason: string): Revocation {
  return create(RevocationSchema, { sequences: sequences.map(toWireSequence), reason });
}

/**
 * A `@Rejected` handler's answer asking to compensate its own events: they stay visible and
 * each goes to the aggregate's `@Compensate` handler, whose inverse events are appended.
 */
export function compensate(sequences: readonly number[], reason: string): Compensate {
  return create(CompensateSchema, { sequences: sequences.map(toWireSequence), reason });
}

/** Whether a value is a `Revocation` or `Compensate` marker message. */
export function isUndoRequest(value: unknown): value is UndoMarker {
  if (typeof value !== 'object' || value === null) return false;
  const type = (value as { $typeName?: unknown }).$typeName;
  return type === RevocationSchema.typeName || type === CompensateSchema.typeName;
}

/** The kind of an undo marker message. */
export function undoKindOf(marker: UndoMarker): UndoKind {
  return marker.$typeName === RevocationSchema.typeName ? 'revocation' : 'compensate';
}
