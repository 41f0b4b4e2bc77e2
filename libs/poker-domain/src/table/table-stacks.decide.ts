import { create } from '@bufbuild/protobuf';
import {
  PlayerFoldedAtTableSchema,
  StackCreditedSchema,
  StackDeductedSchema,
  type CreditPlayerStack,
  type DeductFromPlayerStack,
  type MarkPlayerFolded,
} from '@poker/contracts';
import { idOf } from '../shared';
import type { TableEvent } from './table.messages';
import { rejectTableCommand as reject } from './table.rejections';
import type { TableSeat, TableState } from './table.state';

/** Only verified seats play, so only their stacks move with hands. */
function playingSeat(state: TableState, playerId: Uint8Array): TableSeat | undefined {
  const seat = state.seats[idOf(playerId)];
  return seat?.status === 'playing' ? seat : undefined;
}

export function deductFromStack(command: DeductFromPlayerStack, state: TableState): TableEvent[] {
  const seat = playingSeat(state, command.playerId);
  if (!seat) throw reject('DeductFromPlayerStack', 'player_not_seated');
  // The table may learn of a fold (floor decision, MarkPlayerFolded) before the hand does; a
  // bet from a folded player is then refused here and the hand reverts it.
  const hand = state.hand;
  if (hand && hand.handId === idOf(command.handId) && hand.folded.includes(seat.playerId)) {
    throw reject('DeductFromPlayerStack', 'player_folded');
  }
  if (command.amount === 0) throw reject('DeductFromPlayerStack', 'invalid_amount');
  if (command.amount > seat.stack) throw reject('DeductFromPlayerStack', 'insufficient_stack');
  const { playerId, amount, handId } = command;
  return [create(StackDeductedSchema, { playerId, amount, handId })];
}

export function creditStack(command: CreditPlayerStack, state: TableState): TableEvent[] {
  if (!playingSeat(state, command.playerId)) {
    throw reject('CreditPlayerStack', 'player_not_seated');
  }
  if (command.amount === 0) throw reject('CreditPlayerStack', 'invalid_amount');
  const { playerId, amount, handId, reason } = command;
  return [create(StackCreditedSchema, { playerId, amount, handId, reason })];
}

export function markFolded(command: MarkPlayerFolded, state: TableState): TableEvent[] {
  const seat = playingSeat(state, command.playerId);
  if (!seat) throw reject('MarkPlayerFolded', 'player_not_seated');
  const hand = state.hand;
  if (!hand || hand.handId !== idOf(command.handId)) {
    throw reject('MarkPlayerFolded', 'unknown_hand');
  }
  if (hand.folded.includes(seat.playerId)) return [];
  const { playerId, handId } = command;
  return [create(PlayerFoldedAtTableSchema, { playerId, handId })];
}
