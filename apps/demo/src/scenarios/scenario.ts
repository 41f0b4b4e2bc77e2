import type { DemoRoom } from '../demo-system';

/** One expectation of a scenario, and whether the run met it. */
export interface ScenarioCheck {
  readonly what: string;
  readonly ok: boolean;
  /** What was found instead, when it failed. */
  readonly detail?: string;
}

/** What a scenario run produced. */
export interface ScenarioResult {
  /** The correlation whose timeline tells the story. */
  readonly correlationId: string;
  readonly checks: readonly ScenarioCheck[];
  /** Lines printed after the timeline (e.g. the regulator's five steps). */
  readonly notes?: readonly string[];
}

/** A poker failure story the demo plays on the running services. */
export interface Scenario {
  readonly name: string;
  readonly title: string;
  /** The expected outcome, in one sentence. */
  readonly expected: string;
  play(room: DemoRoom): Promise<ScenarioResult>;
}

/** A check that `actual` equals `expected` (compared as JSON). */
export function checkEqual(what: string, actual: unknown, expected: unknown): ScenarioCheck {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  return a === e ? { what, ok: true } : { what, ok: false, detail: `expected ${e}, got ${a}` };
}

/** A check that `condition` holds; `detail` says what was found otherwise. */
export function check(what: string, condition: boolean, detail?: string): ScenarioCheck {
  return condition ? { what, ok: true } : { what, ok: false, ...(detail ? { detail } : {}) };
}
