import { describeEntry, shortAggregate, type AuditEntry } from '@saga-kit/core';

/** One of the five steps a regulator asks for, and the recorded fact that shows it. */
export interface RegulatorStep {
  readonly step: string;
  readonly entry: AuditEntry | undefined;
}

/** The five steps of a reverted bet, in the regulator's words. */
export const REGULATOR_STEPS = [
  'bet placed',
  'deduction attempted',
  'rejected with reason',
  'bet reverted',
  'player notified',
] as const;

/**
 * "Why did this player lose their bet?" answered from the correlation's audit trail: the bet
 * placed at the hand, the deduction the hand-table saga attempted at the table, the table's
 * rejection and its reason, the revert at the hand, and the rejection notification that reached
 * the player's hand (whose answer the revert is).
 */
export function regulatorSteps(timeline: readonly AuditEntry[]): RegulatorStep[] {
  const find = (predicate: (e: AuditEntry) => boolean) => timeline.find(predicate);
  const deduction = 'DeductFromPlayerStack';
  return [
    find(
      (e) =>
        e.kind === 'command.accepted' &&
        e.commandType === 'PlaceBet' &&
        (e.eventTypes ?? []).includes('BetPlaced'),
    ),
    find((e) => e.kind === 'command.issued' && e.commandType === deduction),
    find((e) => e.kind === 'command.rejected' && e.commandType === deduction && !!e.reason),
    find((e) => e.kind === 'compensation.appended' && (e.eventTypes ?? []).includes('BetReverted')),
    find((e) => e.kind === 'notification.handled' && e.commandType === deduction),
  ].map((entry, i) => ({ step: REGULATOR_STEPS[i] ?? '?', entry }));
}

/** The steps as numbered lines: `1. bet placed  hand/1a2b3c4d  PlaceBet accepted → BetPlaced@6`. */
export function renderRegulatorSteps(steps: readonly RegulatorStep[]): string[] {
  return steps.map(({ step, entry }, i) => {
    const label = `${i + 1}. ${step}`.padEnd(25);
    if (!entry) return `${label}NOT RECORDED`;
    return `${label}${shortAggregate(entry.domain, entry.root).padEnd(17)}${describeEntry(entry)}`;
  });
}
