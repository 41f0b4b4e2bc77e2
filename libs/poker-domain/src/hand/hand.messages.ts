import type {
  AbortHand,
  ActionRequested,
  BetPlaced,
  BetReverted,
  BettingClosed,
  BlindPosted,
  Check,
  ConfirmStackDeduction,
  DisconnectPlayer,
  ExpireActionTimer,
  Fold,
  HandEnded,
  HandStarted,
  PlaceBet,
  PlayerChecked,
  PlayerFolded,
  PlayerSatOutOfHand,
  PotAwarded,
  PotsRefunded,
  RequestActionRetry,
  StackDeductionConfirmed,
  StartHand,
  StreetAdvanced,
} from '@poker/contracts';

/** Every command the hand aggregate decides. */
export type HandCommand =
  | StartHand
  | PlaceBet
  | Check
  | Fold
  | DisconnectPlayer
  | ExpireActionTimer
  | RequestActionRetry
  | AbortHand
  | ConfirmStackDeduction;

/** Every event of a hand stream. */
export type HandEvent =
  | HandStarted
  | PlayerSatOutOfHand
  | BlindPosted
  | BetPlaced
  | BetReverted
  | PlayerChecked
  | PlayerFolded
  | ActionRequested
  | StreetAdvanced
  | StackDeductionConfirmed
  | BettingClosed
  | PotAwarded
  | PotsRefunded
  | HandEnded;
