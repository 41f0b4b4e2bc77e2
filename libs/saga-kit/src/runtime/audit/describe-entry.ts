import type { AuditEntry } from '../../ports/audit-log.port';

/** `hand/1a2b3c4d`: a domain and the first 8 characters of a root, for people. */
export function shortAggregate(domain: string, root: string): string {
  return `${domain}/${root.slice(0, 8)}`;
}

/** Event types with their sequences, `BetPlaced@5, BetReverted@6`. */
export function eventsLabel(entry: AuditEntry): string {
  const types = entry.eventTypes ?? [];
  const sequences = entry.sequences ?? [];
  if (types.length === 0) return sequences.map((s) => `@${s}`).join(', ');
  return types.map((t, i) => (sequences[i] === undefined ? t : `${t}@${sequences[i]}`)).join(', ');
}

/** One line saying what an entry records, without time or place. */
export function describeEntry(entry: AuditEntry): string {
  const command = entry.commandType ?? 'command';
  const peer = entry.peer ? shortAggregate(entry.peer.domain, entry.peer.root) : '?';
  const reason = entry.reason ?? '';
  const result = entry.details?.result;
  switch (entry.kind) {
    case 'command.accepted': {
      const events = eventsLabel(entry);
      return `${command} accepted${events ? ` → ${events}` : ' (no events)'}`;
    }
    case 'command.rejected':
      return `${command} rejected: ${reason}`;
    case 'command.failed':
      return `${command} failed: ${reason}`;
    case 'command.issued': {
      const at = entry.details?.deliverAt;
      const when = typeof at === 'string' ? `, to deliver at ${at}` : '';
      return `saga ${entry.saga ?? '?'} issued ${command} to ${peer} for event ${eventsLabel(entry)}${when}`;
    }
    case 'command.skipped':
      return `saga ${entry.saga ?? '?'} skipped ${command} to ${peer}: ${reason}`;
    case 'notification.sent':
      return `rejection of ${command} sent to ${peer}: ${reason}`;
    case 'notification.handled':
      return `rejection of ${command} by ${peer} handled: ${String(result ?? '?')}`;
    case 'compensation.appended':
      return `compensated with ${eventsLabel(entry)}`;
    case 'revocation.delegated':
      return `delegated to the framework: ${reason} [${flags(entry).join(', ') || 'no flags'}]`;
    case 'system-revocation.appended':
    case 'dead-letter.sent':
    case 'dead-letter.replayed':
    case 'dead-letter.discarded':
    case 'escalation.queued':
    case 'escalation.delivered':
    case 'escalation.failed':
    case 'saga.aborted':
    case 'failure-policy.failed':
    case 'undo.revoked':
    case 'undo.compensated':
      return [eventsLabel(entry), reason].filter(Boolean).join(' ');
  }
}

/** Names of the failure-policy flags set on a `revocation.delegated` entry. */
export function flags(entry: AuditEntry): string[] {
  const d = entry.details ?? {};
  return ['emitSystemRevocation', 'sendToDeadLetter', 'escalate', 'abort'].filter(
    (f) => d[f] === true,
  );
}
