import { create } from '@bufbuild/protobuf';
import { timestampDate } from '@bufbuild/protobuf/wkt';
import {
  FundsReleasedSchema,
  FundsReservedSchema,
  KycCompletedSchema,
  PlayerRegisteredSchema,
  PlayerSelfExcludedSchema,
  PlayerSuspendedSchema,
  PlayerVerifiedSchema,
  WinningsCreditedSchema,
  type CreditWinnings,
  type RegisterPlayer,
  type ReleaseFunds,
  type ReserveFunds,
  type SelfExclude,
  type VerifyPlayer,
} from '@poker/contracts';
import { idOf, type PokerContext } from '../shared';
import type { PlayerCommand, PlayerEvent } from './player.messages';
import { rejectPlayerCommand as reject } from './player.rejections';
import type { PlayerState } from './player.state';

/** Decides a player command: the events it causes, or a `CommandRejectedError`. Pure. */
export function decidePlayer(
  command: PlayerCommand,
  state: PlayerState,
  ctx: PokerContext,
): PlayerEvent[] {
  switch (command.$typeName) {
    case 'poker.v1.RegisterPlayer':
      return register(command, state);
    case 'poker.v1.ReserveFunds':
      return reserve(command, state);
    case 'poker.v1.ReleaseFunds':
      return release(command, state);
    case 'poker.v1.VerifyPlayer':
      return verify(command, state, ctx);
    case 'poker.v1.CreditWinnings':
      return creditWinnings(command, state);
    case 'poker.v1.SuspendPlayer':
      if (!state.registered) throw reject('SuspendPlayer', 'player_not_registered');
      // Suspending twice changes nothing, so a repeated order is not a failure.
      return state.suspended ? [] : [create(PlayerSuspendedSchema, { reason: command.reason })];
    case 'poker.v1.SelfExclude':
      return selfExclude(command, state, ctx);
    case 'poker.v1.CompleteKyc':
      if (!state.registered) throw reject('CompleteKyc', 'player_not_registered');
      return state.kycPending ? [create(KycCompletedSchema)] : [];
    default: {
      const unhandled: never = command;
      throw new TypeError(`unhandled player command ${(unhandled as PlayerCommand).$typeName}`);
    }
  }
}

function register(command: RegisterPlayer, state: PlayerState): PlayerEvent[] {
  if (state.registered) throw reject('RegisterPlayer', 'already_registered');
  return [
    create(PlayerRegisteredSchema, {
      name: command.name,
      bankroll: command.bankroll,
      kycPending: command.kycPending,
    }),
  ];
}

function reserve(command: ReserveFunds, state: PlayerState): PlayerEvent[] {
  if (!state.registered) throw reject('ReserveFunds', 'player_not_registered');
  if (state.suspended) throw reject('ReserveFunds', 'player_suspended');
  if (command.amount === 0) throw reject('ReserveFunds', 'invalid_amount');
  // One buy-in per table at a time: a second one would mean two seats for one player.
  if (state.reservations[idOf(command.tableId)]) {
    throw reject('ReserveFunds', 'already_reserved_for_table');
  }
  if (command.amount > state.bankroll) throw reject('ReserveFunds', 'insufficient_balance');
  return [
    create(FundsReservedSchema, {
      tableId: command.tableId,
      amount: command.amount,
      seat: command.seat,
    }),
  ];
}

function release(command: ReleaseFunds, state: PlayerState): PlayerEvent[] {
  if (!state.registered) throw reject('ReleaseFunds', 'player_not_registered');
  const reservation = state.reservations[idOf(command.tableId)];
  if (!reservation) throw reject('ReleaseFunds', 'not_reserved');
  return [
    create(FundsReleasedSchema, {
      tableId: command.tableId,
      amount: reservation.amount,
      reason: command.reason,
    }),
  ];
}

function verify(command: VerifyPlayer, state: PlayerState, ctx: PokerContext): PlayerEvent[] {
  if (!state.registered) throw reject('VerifyPlayer', 'player_not_registered');
  const reservation = state.reservations[idOf(command.tableId)];
  if (!reservation) throw reject('VerifyPlayer', 'not_reserved');
  if (state.suspended) throw reject('VerifyPlayer', 'player_suspended');
  if (state.selfExcludedUntil !== null && state.selfExcludedUntil > ctx.now.getTime()) {
    throw reject('VerifyPlayer', 'self_excluded');
  }
  if (state.kycPending) throw reject('VerifyPlayer', 'kyc_pending');
  return [create(PlayerVerifiedSchema, { tableId: command.tableId, amount: reservation.amount })];
}

function creditWinnings(command: CreditWinnings, state: PlayerState): PlayerEvent[] {
  // Chips coming back from a table are never refused for business reasons: refusing would lose
  // them. Only an unknown player is a "no", and the table escalates that.
  if (!state.registered) throw reject('CreditWinnings', 'player_not_registered');
  return [create(WinningsCreditedSchema, { tableId: command.tableId, amount: command.amount })];
}

function selfExclude(command: SelfExclude, state: PlayerState, ctx: PokerContext): PlayerEvent[] {
  if (!state.registered) throw reject('SelfExclude', 'player_not_registered');
  if (!command.until || timestampDate(command.until).getTime() <= ctx.now.getTime()) {
    throw reject('SelfExclude', 'invalid_period');
  }
  return [create(PlayerSelfExcludedSchema, { until: command.until })];
}
