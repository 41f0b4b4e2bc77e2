import type { RevocationResponse } from '../gen/sagakit/v1/failure_pb';
import { rootToString } from '../messaging/ids';
import { typeNameOf } from '../messaging/type-registry';
import type { RejectionContext } from '../runtime/definition/handler-types';

/** Value of `type` (and of the `x-sagakit-event` header) of an escalation. */
export const ESCALATION_EVENT_TYPE = 'saga.escalated';
/** Value of `schema`: bumped only for incompatible changes; fields are only ever added. */
export const ESCALATION_SCHEMA = 'sagakit.escalation.v1';

/**
 * The JSON body of an escalation webhook (schema `sagakit.escalation.v1`). Field names are
 * snake_case and stable; new fields may be added, none are renamed or removed.
 */
export interface EscalationPayload {
  readonly schema: typeof ESCALATION_SCHEMA;
  /** Same as the `x-sagakit-delivery` header; the same on every retry. */
  readonly delivery_id: string;
  readonly type: typeof ESCALATION_EVENT_TYPE;
  /** ISO-8601 time the rejection was handled. */
  readonly occurred_at: string;
  readonly correlation_id: string;
  /** The aggregate whose rejection handler escalated, and its event that started the step. */
  readonly source: { readonly domain: string; readonly root: string; readonly sequence: number };
  /** Saga that issued the rejected command. */
  readonly saga: string;
  readonly rejected_command: {
    readonly domain: string;
    readonly root: string;
    /** Full type name, e.g. `poker.v1.ReserveFunds`. */
    readonly type: string;
    readonly command_id: string;
  };
  /** The target's business reason, e.g. `player_not_registered`. */
  readonly rejection_reason: string;
  /** Why business logic could not compensate (the delegation's reason). */
  readonly compensation_reason: string;
  /** Who rejected: a component name and kind (`aggregate`, `framework`). */
  readonly rejected_by: { readonly name: string; readonly type: string };
  /** The other flags of the same delegation. */
  readonly flags: {
    readonly emit_system_revocation: boolean;
    readonly send_to_dead_letter: boolean;
    readonly abort: boolean;
  };
}

/** The escalation body for a delegated rejection. */
export function escalationPayload(
  rejection: RejectionContext,
  response: RevocationResponse,
  deliveryId: string,
): EscalationPayload {
  return {
    schema: ESCALATION_SCHEMA,
    delivery_id: deliveryId,
    type: ESCALATION_EVENT_TYPE,
    occurred_at: rejection.now.toISOString(),
    correlation_id: rejection.correlationId,
    source: {
      domain: rejection.source.domain,
      root: rootToString(rejection.source.root),
      sequence: rejection.sourceSequence,
    },
    saga: rejection.saga,
    rejected_command: {
      domain: rejection.target.domain,
      root: rejection.targetRoot,
      type: typeNameOf(rejection.command.command?.typeUrl ?? ''),
      command_id: rejection.command.commandId,
    },
    rejection_reason: rejection.reason,
    compensation_reason: response.reason,
    rejected_by: { name: rejection.issuer.name, type: rejection.issuer.type },
    flags: {
      emit_system_revocation: response.emitSystemRevocation,
      send_to_dead_letter: response.sendToDeadLetterQueue,
      abort: response.abort,
    },
  };
}
