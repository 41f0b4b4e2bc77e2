import { create } from '@bufbuild/protobuf';
import { timestampFromMs } from '@bufbuild/protobuf/wkt';
import {
  ActionRequestedSchema,
  PlayerFoldedSchema,
  Settlement,
  Street,
  StreetAdvancedSchema,
} from '@poker/contracts';
import { bytesOf, type PokerContext } from '../shared';
import {
  contenders,
  minRaiseAmount,
  needsToAct,
  nextToAct,
  roundComplete,
  toCall,
} from './betting-round';
import type { HandPlayer, HandStreet } from './hand.state';
import { emit, type Outcome } from './outcome';
import { closeBetting } from './hand-settlement';

// Only read before the river closes: the showdown is a settlement, not a street to advance to.
const NEXT_STREET: Readonly<Record<HandStreet, Street>> = {
  preflop: Street.FLOP,
  flop: Street.TURN,
  turn: Street.RIVER,
  river: Street.SHOWDOWN,
  showdown: Street.SHOWDOWN,
};

/**
 * What follows a player's action (or the blinds): betting closes when one contender is left,
 * the next player is prompted while the street's betting is open, otherwise the next street
 * starts, or betting closes for the showdown when no more betting can happen. A prompt still owed by someone else
 * (the actor folded out of turn) stays as it is, so its timer keeps running.
 */
export function progress(outcome: Outcome, actorSeat: number, ctx: PokerContext): Outcome {
  const { state } = outcome;
  const left = contenders(state);
  if (left.length === 1) {
    return closeBetting(outcome, Settlement.LAST_PLAYER_STANDING, 'last_player_standing');
  }
  if (!roundComplete(state)) {
    const pending =
      state.action && state.players.find((p) => p.playerId === state.action?.playerId);
    if (pending && needsToAct(state, pending)) return outcome;
    return requestAction(outcome, nextToAct(state, actorSeat)!, ctx);
  }
  const bettors = state.players.filter((p) => p.status === 'active');
  if (state.street === 'river' || bettors.length <= 1) {
    return closeBetting(outcome, Settlement.SHOWDOWN, 'showdown');
  }
  const next = emit(outcome, create(StreetAdvancedSchema, { street: NEXT_STREET[state.street] }));
  // After the flop the first player left of the button speaks first.
  return requestAction(next, nextToAct(next.state, state.button)!, ctx);
}

/** Prompts `player` with a fresh action number; its timer runs from now. */
export function requestAction(outcome: Outcome, player: HandPlayer, ctx: PokerContext): Outcome {
  const { state } = outcome;
  const expiresAt = ctx.now.getTime() + state.actionTimeoutSeconds * 1000;
  return emit(
    outcome,
    create(ActionRequestedSchema, {
      playerId: bytesOf(player.playerId),
      actionNumber: state.actionCount + 1,
      toCall: toCall(state, player),
      minRaise: minRaiseAmount(state, player),
      expiresAt: timestampFromMs(expiresAt),
    }),
  );
}

/** Folds `player` (for `reason`) and moves the hand on. */
export function fold(
  outcome: Outcome,
  player: HandPlayer,
  reason: string,
  ctx: PokerContext,
): Outcome {
  const folded = emit(
    outcome,
    create(PlayerFoldedSchema, {
      playerId: bytesOf(player.playerId),
      reason,
      tableId: bytesOf(outcome.state.tableId),
    }),
  );
  return progress(folded, player.seat, ctx);
}
