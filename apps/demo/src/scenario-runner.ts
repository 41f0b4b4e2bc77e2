import { renderTimelineText, type AuditEntry } from '@saga-kit/core';
import type { DemoRoom } from './demo-system';
import type { Scenario, ScenarioResult } from './scenarios';

/** One played scenario: what it produced, or why it could not finish. */
export interface ScenarioRun {
  readonly scenario: Scenario;
  readonly result: ScenarioResult | undefined;
  readonly error: string | undefined;
  readonly timeline: readonly AuditEntry[];
  readonly passed: boolean;
}

/** Plays the scenarios one after the other; a scenario that throws fails, the others still run. */
export async function runScenarios(
  room: DemoRoom,
  scenarios: readonly Scenario[],
): Promise<ScenarioRun[]> {
  const runs: ScenarioRun[] = [];
  for (const scenario of scenarios) {
    try {
      const result = await scenario.play(room);
      const timeline = await room.timeline(result.correlationId);
      const passed = result.checks.length > 0 && result.checks.every((c) => c.ok);
      runs.push({ scenario, result, error: undefined, timeline, passed });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      runs.push({ scenario, result: undefined, error: message, timeline: [], passed: false });
    }
  }
  return runs;
}

/** A scenario run for people: the story, the correlation's timeline, and each check. */
export function renderRun(run: ScenarioRun): string {
  const { scenario, result } = run;
  const lines = [`━━ ${scenario.name}: ${scenario.title}`, `   expected: ${scenario.expected}`];
  if (!result) {
    lines.push(`   ✗ could not finish: ${run.error ?? 'unknown error'}`, '   FAIL');
    return lines.join('\n');
  }
  lines.push(`   correlation ${result.correlationId}:`, '');
  lines.push(
    ...renderTimelineText(run.timeline)
      .split('\n')
      .map((l) => `   ${l}`),
    '',
  );
  for (const note of result.notes ?? []) lines.push(`   ${note}`);
  if (result.notes?.length) lines.push('');
  for (const c of result.checks) {
    lines.push(`   ${c.ok ? '✓' : '✗'} ${c.what}${c.ok || !c.detail ? '' : ` (${c.detail})`}`);
  }
  lines.push(`   ${run.passed ? 'PASS' : 'FAIL'}`);
  return lines.join('\n');
}

/** The closing line: `6 passed, 0 failed`. */
export function renderSummary(runs: readonly ScenarioRun[]): string {
  const passed = runs.filter((r) => r.passed).length;
  return `${passed} passed, ${runs.length - passed} failed`;
}
