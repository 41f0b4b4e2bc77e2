import { betReverted } from './bet-reverted.scenario';
import { joinRejected } from './join-rejected.scenario';
import { reservationDelegated } from './reservation-delegated.scenario';
import { reserveRejected } from './reserve-rejected.scenario';
import type { Scenario } from './scenario';
import { tableClosed } from './table-closed.scenario';
import { verificationFailed } from './verification-failed.scenario';

export type { Scenario, ScenarioCheck, ScenarioResult } from './scenario';
export { REGULATOR_STEPS, regulatorSteps, renderRegulatorSteps } from './regulator-steps';
export type { RegulatorStep } from './regulator-steps';

/** Every scenario, in the order the demo plays them; the seed story first. */
export const SCENARIOS: readonly Scenario[] = [
  betReverted,
  joinRejected,
  reserveRejected,
  verificationFailed,
  reservationDelegated,
  tableClosed,
];
