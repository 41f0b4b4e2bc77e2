import { create, isMessage, type Message } from '@bufbuild/protobuf';
import {
  CheckSchema,
  PlaceBetSchema,
  RequestActionRetrySchema,
  type Check,
  type PlaceBet,
  type RequestActionRetry,
} from '@poker/contracts';
import { idOf } from '../shared';
import type { HandState } from './hand.state';

/**
 * Rejections of a player's own action that leave the decision with them: the amount or the
 * check was not legal, but it is still their turn, so they are prompted again.
 */
export const RETRY_PROMPT_REASONS: Readonly<Record<string, readonly string[]>> = {
  'poker.v1.PlaceBet': ['invalid_bet_amount'],
  'poker.v1.Check': ['cannot_check'],
};

/** Whether a rejection of `command` for `reason` is one the player is prompted again after. */
export function callsForRetry(command: Message, reason: string): command is PlaceBet | Check {
  return (
    (isMessage(command, PlaceBetSchema) || isMessage(command, CheckSchema)) &&
    (RETRY_PROMPT_REASONS[command.$typeName]?.includes(reason) ?? false)
  );
}

/**
 * The prompt to send after `command` was rejected for `reason`: `RequestActionRetry` for the
 * standing prompt (same action number, so the same timer) when the rejected action was the
 * prompted player's and the reason leaves them to act; null otherwise, e.g. when the prompt
 * moved on meanwhile.
 */
export function retryPromptFor(
  command: Message,
  reason: string,
  state: HandState,
): RequestActionRetry | null {
  if (!callsForRetry(command, reason)) return null;
  const action = state.action;
  if (state.status !== 'in_progress' || !action) return null;
  if (action.playerId !== idOf(command.playerId)) return null;
  return create(RequestActionRetrySchema, {
    playerId: command.playerId,
    actionNumber: action.actionNumber,
    reason,
  });
}
