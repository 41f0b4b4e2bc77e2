import { rejecterFor, type ShortName } from '../shared';
import type { PlayerCommand } from './player.messages';

/** The closed set of reasons each player command may be rejected with. */
export const PLAYER_REJECTIONS = {
  RegisterPlayer: ['already_registered'],
  ReserveFunds: [
    'player_not_registered',
    'player_suspended',
    'invalid_amount',
    'already_reserved_for_table',
    'insufficient_balance',
  ],
  ReleaseFunds: ['player_not_registered', 'not_reserved'],
  VerifyPlayer: [
    'player_not_registered',
    'not_reserved',
    'player_suspended',
    'self_excluded',
    'kyc_pending',
  ],
  CreditWinnings: ['player_not_registered'],
  SuspendPlayer: ['player_not_registered'],
  SelfExclude: ['player_not_registered', 'invalid_period'],
  CompleteKyc: ['player_not_registered'],
} as const satisfies Record<ShortName<PlayerCommand>, readonly string[]>;

/** A reason `command` may be rejected with. */
export type PlayerRejection<C extends keyof typeof PLAYER_REJECTIONS> =
  (typeof PLAYER_REJECTIONS)[C][number];

export const rejectPlayerCommand = rejecterFor(PLAYER_REJECTIONS);
