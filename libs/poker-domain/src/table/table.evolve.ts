import { idOf } from '../shared';
import type { TableEvent } from './table.messages';
import type { TableSeat, TableState } from './table.state';

/** Applies a table event to the state. Pure; never rejects (events are facts). */
export function evolveTable(state: TableState, event: TableEvent): TableState {
  switch (event.$typeName) {
    case 'poker.v1.TableOpened':
      return {
        ...state,
        status: 'open',
        name: event.name,
        maxSeats: event.maxSeats,
        smallBlind: event.smallBlind,
        bigBlind: event.bigBlind,
        minBuyIn: event.minBuyIn,
        maxBuyIn: event.maxBuyIn,
        actionTimeoutSeconds: event.actionTimeoutSeconds,
      };
    case 'poker.v1.SeatRequested': {
      const request = { seat: event.seat, buyIn: event.buyIn };
      return { ...state, requests: { ...state.requests, [idOf(event.playerId)]: request } };
    }
    case 'poker.v1.PlayerJoined': {
      const playerId = idOf(event.playerId);
      const seat: TableSeat = {
        playerId,
        seat: event.seat,
        stack: event.buyIn,
        status: 'pending',
        sittingOut: false,
      };
      return { ...withoutRequest(state, playerId), seats: { ...state.seats, [playerId]: seat } };
    }
    case 'poker.v1.SeatConfirmed':
      return updateSeat(state, event.playerId, () => ({ status: 'playing' }));
    case 'poker.v1.PlayerLeft':
    case 'poker.v1.SeatReleased':
      return withoutSeat(state, idOf(event.playerId));
    case 'poker.v1.BuyInRefunded':
      // The chips go back to the player; SeatReleased, emitted with it, frees the seat.
      return updateSeat(state, event.playerId, (s) => ({ stack: s.stack - event.amount }));
    case 'poker.v1.JoinRejected':
      return state;
    case 'poker.v1.StackDeducted':
      return updateSeat(state, event.playerId, (s) => ({ stack: s.stack - event.amount }));
    case 'poker.v1.StackCredited':
      return updateSeat(state, event.playerId, (s) => ({ stack: s.stack + event.amount }));
    case 'poker.v1.PlayerFoldedAtTable': {
      const hand = state.hand;
      if (!hand || hand.handId !== idOf(event.handId)) return state;
      return { ...state, hand: { ...hand, folded: [...hand.folded, idOf(event.playerId)] } };
    }
    case 'poker.v1.PlayerSatOut': {
      const playerId = idOf(event.playerId);
      // Also turns down a pending seat request the player could not fund.
      return updateSeat(withoutRequest(state, playerId), event.playerId, () => ({
        sittingOut: true,
      }));
    }
    case 'poker.v1.PlayerSatIn':
      return updateSeat(state, event.playerId, () => ({ sittingOut: false }));
    case 'poker.v1.HandDealt':
      return {
        ...state,
        button: event.button,
        hand: {
          handId: idOf(event.handId),
          players: event.seats.map((s) => idOf(s.playerId)),
          folded: [],
        },
      };
    case 'poker.v1.HandFinished':
      return { ...state, hand: null };
    case 'poker.v1.TableClosed':
      return { ...state, status: 'closed', requests: {} };
    default: {
      const unhandled: never = event;
      throw new TypeError(`unhandled table event ${(unhandled as TableEvent).$typeName}`);
    }
  }
}

function updateSeat(
  state: TableState,
  playerId: Uint8Array,
  change: (seat: TableSeat) => Partial<TableSeat>,
): TableState {
  const id = idOf(playerId);
  const seat = state.seats[id];
  if (!seat) return state;
  return { ...state, seats: { ...state.seats, [id]: { ...seat, ...change(seat) } } };
}

function withoutSeat(state: TableState, playerId: string): TableState {
  const { [playerId]: _gone, ...seats } = state.seats;
  return { ...state, seats };
}

function withoutRequest(state: TableState, playerId: string): TableState {
  const { [playerId]: _gone, ...requests } = state.requests;
  return { ...state, requests };
}
