import { rejecterFor, type ShortName } from '../shared';
import type { HandCommand } from './hand.messages';

/** The closed set of reasons each hand command may be rejected with. */
export const HAND_REJECTIONS = {
  StartHand: ['hand_already_started', 'invalid_blinds', 'invalid_seats', 'not_enough_players'],
  PlaceBet: ['hand_not_in_progress', 'not_your_turn', 'invalid_bet_amount'],
  Check: ['hand_not_in_progress', 'not_your_turn', 'cannot_check'],
  Fold: ['hand_not_in_progress', 'not_your_turn'],
  DisconnectPlayer: ['hand_not_in_progress', 'player_not_in_hand'],
  // A timer that no longer matches the prompt is stale and ignored, never refused: the
  // scheduler cannot do anything about a "no".
  ExpireActionTimer: [],
  RequestActionRetry: ['hand_not_in_progress', 'not_your_turn'],
  AbortHand: ['hand_not_in_progress'],
  ConfirmStackDeduction: ['player_not_in_hand', 'exceeds_commitment'],
} as const satisfies Record<ShortName<HandCommand>, readonly string[]>;

/** A reason `command` may be rejected with. */
export type HandRejection<C extends keyof typeof HAND_REJECTIONS> =
  (typeof HAND_REJECTIONS)[C][number];

export const rejectHandCommand = rejecterFor(HAND_REJECTIONS);
