import type {
  AbortHand,
  ActionRequested,
  BetPlaced,
  BetReverted,
  BlindPosted,
  Check,
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
  | AbortHand;

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
  | PotAwarded
  | PotsRefunded
  | HandEnded;
