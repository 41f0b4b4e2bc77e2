import { create } from '@bufbuild/protobuf';
import {
  ActionRequestedSchema,
  BetPlacedSchema,
  PlayerCheckedSchema,
  Street,
  type Check,
  type Fold,
  type PlaceBet,
  type RequestActionRetry,
} from '@poker/contracts';
import { timestampFromMs } from '@bufbuild/protobuf/wkt';
import { bytesOf, idOf, type PokerContext } from '../shared';
import { classifyBet } from './bet-validation';
import { minRaiseAmount, toCall } from './betting-round';
import { fold, progress } from './hand-progress';
import type { HandEvent } from './hand.messages';
import { rejectHandCommand as reject } from './hand.rejections';
import { playerIn, type HandPlayer, type HandState, type HandStreet } from './hand.state';
import { emit, from } from './outcome';

const STREET: Readonly<Record<HandStreet, Street>> = {
  preflop: Street.PREFLOP,
  flop: Street.FLOP,
  turn: Street.TURN,
  river: Street.RIVER,
  showdown: Street.SHOWDOWN,
};

type TurnCommand = 'PlaceBet' | 'Check' | 'Fold' | 'RequestActionRetry';

/** The prompted player, or the rejection for anyone else. */
function playerOnTurn(state: HandState, playerId: Uint8Array, command: TurnCommand): HandPlayer {
  if (state.status !== 'in_progress') throw reject(command, 'hand_not_in_progress');
  const id = idOf(playerId);
  const player = playerIn(state, id);
  if (!player || state.action?.playerId !== id) throw reject(command, 'not_your_turn');
  return player;
}

export function placeBet(command: PlaceBet, state: HandState, ctx: PokerContext): HandEvent[] {
  const player = playerOnTurn(state, command.playerId, 'PlaceBet');
  const action = classifyBet(state, player, command.amount);
  // Nothing is recorded: the caller re-prompts the player with RequestActionRetry.
  if (action === null) throw reject('PlaceBet', 'invalid_bet_amount');
  const bet = create(BetPlacedSchema, {
    playerId: command.playerId,
    amount: command.amount,
    street: STREET[state.street],
    tableId: bytesOf(state.tableId),
    action,
  });
  return [...progress(emit(from(state), bet), player.seat, ctx).events];
}

export function check(command: Check, state: HandState, ctx: PokerContext): HandEvent[] {
  const player = playerOnTurn(state, command.playerId, 'Check');
  if (toCall(state, player) > 0) throw reject('Check', 'cannot_check');
  const checked = create(PlayerCheckedSchema, { playerId: command.playerId, reason: 'player' });
  return [...progress(emit(from(state), checked), player.seat, ctx).events];
}

export function foldHand(command: Fold, state: HandState, ctx: PokerContext): HandEvent[] {
  const player = playerOnTurn(state, command.playerId, 'Fold');
  return [...fold(from(state), player, 'player', ctx).events];
}

/**
 * Prompts the player again after an action was rejected, saying why. The action number and
 * deadline stay the same: a rejected attempt does not buy more time.
 */
export function requestRetry(command: RequestActionRetry, state: HandState): HandEvent[] {
  const player = playerOnTurn(state, command.playerId, 'RequestActionRetry');
  const action = state.action!;
  if (action.actionNumber !== command.actionNumber) {
    throw reject('RequestActionRetry', 'not_your_turn');
  }
  return [
    create(ActionRequestedSchema, {
      playerId: command.playerId,
      actionNumber: action.actionNumber,
      toCall: toCall(state, player),
      minRaise: minRaiseAmount(state, player),
      retryReason: command.reason,
      expiresAt: timestampFromMs(action.expiresAt),
    }),
  ];
}
