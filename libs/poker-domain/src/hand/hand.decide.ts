import type { PokerContext } from '../shared';
import { check, foldHand, placeBet, requestRetry } from './hand-actions.decide';
import { abort, confirmDeduction, disconnect, expireTimer } from './hand-interruptions.decide';
import { startHand } from './hand-start.decide';
import type { HandCommand, HandEvent } from './hand.messages';
import type { HandState } from './hand.state';

/** Decides a hand command: the events it causes, or a `CommandRejectedError`. Pure. */
export function decideHand(command: HandCommand, state: HandState, ctx: PokerContext): HandEvent[] {
  switch (command.$typeName) {
    case 'poker.v1.StartHand':
      return startHand(command, state, ctx);
    case 'poker.v1.PlaceBet':
      return placeBet(command, state, ctx);
    case 'poker.v1.Check':
      return check(command, state, ctx);
    case 'poker.v1.Fold':
      return foldHand(command, state, ctx);
    case 'poker.v1.DisconnectPlayer':
      return disconnect(command, state, ctx);
    case 'poker.v1.ExpireActionTimer':
      return expireTimer(command, state, ctx);
    case 'poker.v1.RequestActionRetry':
      return requestRetry(command, state);
    case 'poker.v1.AbortHand':
      return abort(command, state);
    case 'poker.v1.ConfirmStackDeduction':
      return confirmDeduction(command, state);
    default: {
      const unhandled: never = command;
      throw new TypeError(`unhandled hand command ${(unhandled as HandCommand).$typeName}`);
    }
  }
}
