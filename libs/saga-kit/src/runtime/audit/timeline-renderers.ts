import type { AuditEntry } from '../../ports/audit-log.port';
import { describeEntry, eventsLabel, flags, shortAggregate } from './describe-entry';

/** A timeline as text: one line per fact, `time  kind  aggregate  what happened`. */
export function renderTimelineText(entries: readonly AuditEntry[]): string {
  return entries
    .map(
      (e) =>
        `${e.at.toISOString()}  ${e.kind.padEnd(21)}  ${shortAggregate(e.domain, e.root).padEnd(15)}  ${describeEntry(e)}`,
    )
    .join('\n');
}

/** A timeline as pretty-printed JSON (times as ISO strings). */
export function renderTimelineJson(entries: readonly AuditEntry[]): string {
  return JSON.stringify(
    entries.map((e) => ({ ...e, at: e.at.toISOString(), summary: describeEntry(e) })),
    null,
    2,
  );
}

/**
 * A timeline as a mermaid `sequenceDiagram`: participants are aggregates (`hand 1a2b3c4d`) and
 * sagas; arrows are commands, rejections, notifications and compensations, in recorded order.
 */
export function renderTimelineMermaid(entries: readonly AuditEntry[]): string {
  const participants = new Map<string, { id: string; label: string }>();
  const lines: string[] = [];
  const p = (key: string, label: string): string => {
    let found = participants.get(key);
    if (!found) {
      found = { id: `P${participants.size + 1}`, label };
      participants.set(key, found);
    }
    return found.id;
  };
  const aggregate = (domain: string, root: string): string =>
    p(`${domain}/${root}`, `${domain} ${root.slice(0, 8)}`);
  for (const e of entries) {
    const self = aggregate(e.domain, e.root);
    // Participants are declared in order of first appearance in an arrow, hence lazily.
    const peer = (): string | undefined =>
      e.peer ? aggregate(e.peer.domain, e.peer.root) : undefined;
    const command = e.commandType ?? 'command';
    const text = (s: string): string => mermaidText(s);
    switch (e.kind) {
      case 'command.accepted':
        lines.push(`${self}->>${self}: ${text(`${command} → ${eventsLabel(e) || 'no events'}`)}`);
        break;
      case 'command.rejected':
        lines.push(`${self}-x${self}: ${text(`rejects ${command}: ${e.reason ?? ''}`)}`);
        break;
      case 'command.failed':
        lines.push(`Note over ${self}: ${text(`${command} failed: ${e.reason ?? ''}`)}`);
        break;
      case 'command.issued':
      case 'command.skipped': {
        const saga = p(`saga:${e.saga ?? '?'}`, `saga ${e.saga ?? '?'}`);
        lines.push(`${self}-->>${saga}: ${text(`event ${eventsLabel(e)}`)}`);
        const target = peer() ?? saga;
        if (e.kind === 'command.issued') lines.push(`${saga}->>${target}: ${text(command)}`);
        else lines.push(`Note over ${saga}: ${text(`skipped ${command}: ${e.reason ?? ''}`)}`);
        break;
      }
      case 'notification.sent': {
        const to = peer() ?? self;
        lines.push(`${self}--)${to}: ${text(`rejection of ${command}: ${e.reason ?? ''}`)}`);
        break;
      }
      case 'notification.handled':
        lines.push(
          `Note over ${self}: ${text(`@Rejected ${command}: ${String(e.details?.result ?? '')}`)}`,
        );
        break;
      case 'compensation.appended':
        lines.push(`${self}->>${self}: ${text(`compensate → ${eventsLabel(e)}`)}`);
        break;
      case 'revocation.delegated':
        lines.push(
          `Note over ${self}: ${text(`delegated: ${e.reason ?? ''} [${flags(e).join(', ')}]`)}`,
        );
        break;
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
        lines.push(`Note over ${self}: ${text(`${e.kind} ${describeEntry(e)}`)}`);
    }
  }
  const header = [...participants.values()].map(
    (x) => `  participant ${x.id} as ${mermaidText(x.label)}`,
  );
  return ['sequenceDiagram', ...header, ...lines.map((l) => `  ${l}`)].join('\n');
}

/** Mermaid ends a message at `;` and treats `#` as an entity start; keep text plain. */
function mermaidText(value: string): string {
  return value.replace(/[;#\n\r]/g, ' ').trim();
}
