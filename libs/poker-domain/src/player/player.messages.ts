import type {
  CompleteKyc,
  CreditWinnings,
  FundsReleased,
  FundsReserved,
  KycCompleted,
  PlayerRegistered,
  PlayerSelfExcluded,
  PlayerSuspended,
  PlayerVerified,
  RegisterPlayer,
  ReleaseFunds,
  ReserveFunds,
  SelfExclude,
  SuspendPlayer,
  VerifyPlayer,
  WinningsCredited,
} from '@poker/contracts';

/** Every command the player aggregate decides. */
export type PlayerCommand =
  | RegisterPlayer
  | ReserveFunds
  | ReleaseFunds
  | VerifyPlayer
  | CreditWinnings
  | SuspendPlayer
  | SelfExclude
  | CompleteKyc;

/** Every event of a player stream. */
export type PlayerEvent =
  | PlayerRegistered
  | FundsReserved
  | FundsReleased
  | PlayerVerified
  | WinningsCredited
  | PlayerSuspended
  | PlayerSelfExcluded
  | KycCompleted;
