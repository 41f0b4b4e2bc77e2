/**
 * A rejection the domain cannot answer with events: chips would be lost or the streams disagree,
 * so a person has to look. The aggregate hands it to the framework (dead letter and escalation).
 */
export interface Escalation {
  readonly escalate: true;
  readonly reason: string;
}

/** An {@link Escalation} for `reason`. */
export function escalation(reason: string): Escalation {
  return { escalate: true, reason };
}

/** Tells an escalation apart from events. */
export function isEscalation(value: unknown): value is Escalation {
  return typeof value === 'object' && value !== null && (value as Escalation).escalate === true;
}
