/** What an audit entry records. */
export type AuditEntryKind =
  | 'command.accepted'
  | 'command.rejected'
  | 'command.failed'
  | 'command.issued'
  | 'command.skipped'
  | 'notification.sent'
  | 'notification.handled'
  | 'compensation.appended'
  | 'revocation.delegated'
  | 'system-revocation.appended'
  | 'dead-letter.sent'
  | 'dead-letter.replayed'
  | 'dead-letter.discarded'
  | 'escalation.queued'
  | 'escalation.delivered'
  | 'escalation.failed'
  | 'saga.aborted'
  | 'failure-policy.failed'
  | 'undo.revoked'
  | 'undo.compensated';

/** One recorded fact, against its correlation id. */
export interface AuditEntry {
  /** Unique and deterministic for the fact, so a redelivered message records it once. */
  id: string;
  correlationId: string;
  kind: AuditEntryKind;
  at: Date;
  /** The aggregate the fact happened at. */
  domain: string;
  root: string;
  /** Stream sequence(s) the fact concerns, if any. */
  sequences?: number[];
  saga?: string;
  commandId?: string;
  /** Short type name of the command concerned, e.g. `DeductFromPlayerStack`. */
  commandType?: string;
  /** Short type names of the events appended. */
  eventTypes?: string[];
  reason?: string;
  /** The other aggregate involved (command target, notification source). */
  peer?: { domain: string; root: string };
  /** Which component recorded it, e.g. `table` or `saga:hand-table`. */
  component: string;
  details?: Record<string, string | number | boolean>;
}

/**
 * The audit trail: answers "why did this player lose their bet?" from recorded facts. A correlation
 * id, domain or root that is empty or not a string is a `TypeError` naming it, never an empty
 * answer; so are ids with a lone UTF-16 surrogate and a domain holding `:`, `{` or `}` (the rules
 * of a `StreamId`).
 */
export interface AuditLog {
  /**
   * Idempotent by `entry.id`. An entry without a non-empty `id`, `correlationId`, `kind`,
   * `domain`, `root` and `component`, or without a valid `at`, is a `TypeError`.
   */
  record(entry: AuditEntry): Promise<void>;
  /** Every entry of a correlation id, oldest first. */
  timeline(correlationId: string): Promise<AuditEntry[]>;
  /** Every entry recorded at one aggregate, oldest first. */
  history(domain: string, root: string): Promise<AuditEntry[]>;
}
