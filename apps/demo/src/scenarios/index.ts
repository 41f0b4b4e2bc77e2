import { actionTimeout } from './action-timeout.scenario';
import { betReverted } from './bet-reverted.scenario';
import { invalidBet } from './invalid-bet.scenario';
import { joinRejected } from './join-rejected.scenario';
import { playerDisconnected } from './player-disconnected.scenario';
import { reservationDelegated } from './reservation-delegated.scenario';
import { reserveRejected } from './reserve-rejected.scenario';
import type { Scenario } from './scenario';
import { shortOfBlind } from './short-of-blind.scenario';
import { tableClosed } from './table-closed.scenario';
import { verificationFailed } from './verification-failed.scenario';

export type { Scenario, ScenarioCheck, ScenarioResult } from './scenario';
export { REGULATOR_STEPS, regulatorSteps, renderRegulatorSteps } from './regulator-steps';
export type { RegulatorStep } from './regulator-steps';

/**
 * Every scenario, in the order the demo plays them; the seed story first, the shot clock last (it
 * moves the demo's clock on).
 */
export const SCENARIOS: readonly Scenario[] = [
  betReverted,
  joinRejected,
  reserveRejected,
  verificationFailed,
  reservationDelegated,
  tableClosed,
  playerDisconnected,
  shortOfBlind,
  invalidBet,
  actionTimeout,
];
