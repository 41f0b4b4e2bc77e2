import { timestampDate } from '@bufbuild/protobuf/wkt';
import { idOf } from '../shared';
import type { PlayerEvent } from './player.messages';
import type { PlayerState } from './player.state';

/** Applies a player event to the state. Pure; never rejects (events are facts). */
export function evolvePlayer(state: PlayerState, event: PlayerEvent): PlayerState {
  switch (event.$typeName) {
    case 'poker.v1.PlayerRegistered':
      return {
        ...state,
        registered: true,
        name: event.name,
        bankroll: event.bankroll,
        kycPending: event.kycPending,
      };
    case 'poker.v1.FundsReserved':
      return {
        ...state,
        bankroll: state.bankroll - event.amount,
        reservations: {
          ...state.reservations,
          [idOf(event.tableId)]: { amount: event.amount, seat: event.seat },
        },
      };
    case 'poker.v1.FundsReleased': {
      const { [idOf(event.tableId)]: _released, ...reservations } = state.reservations;
      return { ...state, bankroll: state.bankroll + event.amount, reservations };
    }
    case 'poker.v1.PlayerVerified': {
      // The reservation is now the table's stack: it leaves the player's chips here.
      const tableId = idOf(event.tableId);
      const { [tableId]: _taken, ...reservations } = state.reservations;
      return { ...state, reservations, buyIns: { ...state.buyIns, [tableId]: event.amount } };
    }
    case 'poker.v1.WinningsCredited': {
      const { [idOf(event.tableId)]: _left, ...buyIns } = state.buyIns;
      return { ...state, bankroll: state.bankroll + event.amount, buyIns };
    }
    case 'poker.v1.PlayerSuspended':
      return { ...state, suspended: true };
    case 'poker.v1.PlayerSelfExcluded':
      return {
        ...state,
        selfExcludedUntil: event.until ? timestampDate(event.until).getTime() : null,
      };
    case 'poker.v1.KycCompleted':
      return { ...state, kycPending: false };
    default: {
      const unhandled: never = event;
      throw new TypeError(`unhandled player event ${(unhandled as PlayerEvent).$typeName}`);
    }
  }
}
