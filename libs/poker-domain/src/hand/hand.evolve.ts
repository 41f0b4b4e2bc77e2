import { timestampDate } from '@bufbuild/protobuf/wkt';
import { Settlement, Street } from '@poker/contracts';
import { idOf } from '../shared';
import type { HandEvent } from './hand.messages';
import type { HandPlayer, HandSettlement, HandState, HandStreet } from './hand.state';

const STREETS: Readonly<Record<Street, HandStreet>> = {
  [Street.UNSPECIFIED]: 'preflop',
  [Street.PREFLOP]: 'preflop',
  [Street.FLOP]: 'flop',
  [Street.TURN]: 'turn',
  [Street.RIVER]: 'river',
  [Street.SHOWDOWN]: 'showdown',
};

const SETTLEMENTS: Readonly<Record<Settlement, HandSettlement>> = {
  [Settlement.UNSPECIFIED]: 'refund',
  [Settlement.SHOWDOWN]: 'showdown',
  [Settlement.LAST_PLAYER_STANDING]: 'last_player_standing',
  [Settlement.REFUND]: 'refund',
};

/** Applies a hand event to the state. Pure; never rejects (events are facts). */
export function evolveHand(state: HandState, event: HandEvent): HandState {
  switch (event.$typeName) {
    case 'poker.v1.HandStarted':
      return {
        ...state,
        status: 'in_progress',
        tableId: idOf(event.tableId),
        players: event.seats
          .map((s) => ({
            playerId: idOf(s.playerId),
            seat: s.seat,
            stack: s.stack,
            committed: 0,
            collected: 0,
            streetBet: 0,
            acted: false,
            status: 'active' as const,
          }))
          .sort((a, b) => a.seat - b.seat),
        smallBlind: event.smallBlind,
        bigBlind: event.bigBlind,
        button: event.button,
        actionTimeoutSeconds: event.actionTimeoutSeconds,
        showdownRanking: event.showdownRanking.map(idOf),
        street: 'preflop',
        currentBet: 0,
        minRaise: event.bigBlind,
        settlement: null,
      };
    case 'poker.v1.PlayerSatOutOfHand':
      return update(state, event.playerId, () => ({ status: 'sat_out' }));
    case 'poker.v1.BlindPosted':
      // A blind is forced, not a decision: the big blind keeps the option to raise.
      return raiseTo(commit(state, event.playerId, event.amount, false), event.playerId);
    case 'poker.v1.BetPlaced':
      return raiseTo(commit(state, event.playerId, event.amount, true), event.playerId);
    case 'poker.v1.BetReverted': {
      // The chips never left the stack, so the pot (confirmed chips) is unchanged.
      const reverted = update(state, event.playerId, (p) => ({
        stack: p.stack + event.amount,
        committed: p.committed - event.amount,
        // The bet may belong to a street already closed; it can only leave this one's bets.
        streetBet: Math.max(0, p.streetBet - event.amount),
        status: p.status === 'all_in' ? 'active' : p.status,
      }));
      const currentBet = Math.max(0, ...reverted.players.map((p) => p.streetBet));
      return { ...reverted, currentBet };
    }
    case 'poker.v1.PlayerChecked':
      return answered(
        update(state, event.playerId, () => ({ acted: true })),
        event.playerId,
      );
    case 'poker.v1.PlayerFolded':
      return answered(
        update(state, event.playerId, () => ({ status: 'folded' })),
        event.playerId,
      );
    case 'poker.v1.ActionRequested':
      return {
        ...state,
        action: {
          playerId: idOf(event.playerId),
          actionNumber: event.actionNumber,
          expiresAt: event.expiresAt ? timestampDate(event.expiresAt).getTime() : 0,
        },
        actionCount: Math.max(state.actionCount, event.actionNumber),
      };
    case 'poker.v1.StreetAdvanced': {
      const street = STREETS[event.street];
      if (street === 'showdown') return { ...state, street, action: null };
      return {
        ...state,
        street,
        players: state.players.map((p) => ({ ...p, streetBet: 0, acted: false })),
        currentBet: 0,
        minRaise: state.bigBlind,
        action: null,
      };
    }
    case 'poker.v1.StackDeductionConfirmed':
      return {
        ...update(state, event.playerId, (p) => ({ collected: p.collected + event.amount })),
        pot: state.pot + event.amount,
      };
    case 'poker.v1.BettingClosed': {
      const settlement = SETTLEMENTS[event.settlement];
      return {
        ...state,
        status: 'settling',
        settlement,
        closeReason: event.reason,
        street: settlement === 'showdown' ? 'showdown' : state.street,
        action: null,
      };
    }
    case 'poker.v1.PotAwarded':
      return { ...state, pot: state.pot - event.amount };
    case 'poker.v1.PotsRefunded':
      return { ...state, pot: state.pot - event.refunds.reduce((sum, r) => sum + r.amount, 0) };
    case 'poker.v1.HandEnded':
      return { ...state, status: 'ended', action: null };
    default: {
      const unhandled: never = event;
      throw new TypeError(`unhandled hand event ${(unhandled as HandEvent).$typeName}`);
    }
  }
}

function update(
  state: HandState,
  playerId: Uint8Array,
  change: (player: HandPlayer) => Partial<HandPlayer>,
): HandState {
  const id = idOf(playerId);
  return {
    ...state,
    players: state.players.map((p) => (p.playerId === id ? { ...p, ...change(p) } : p)),
  };
}

/** Puts chips from the player's stack in; the pot counts them once the table confirms. */
function commit(state: HandState, playerId: Uint8Array, amount: number, acted: boolean): HandState {
  const committed = update(state, playerId, (p) => ({
    stack: p.stack - amount,
    committed: p.committed + amount,
    streetBet: p.streetBet + amount,
    acted: acted || p.acted,
    status: p.stack === amount ? 'all_in' : p.status,
  }));
  return answered(committed, playerId);
}

/**
 * A bet above the current one raises it. Only a full raise (at least the last raise) reopens
 * the betting for players who already acted; a short all-in just asks them to call the extra.
 */
function raiseTo(state: HandState, playerId: Uint8Array): HandState {
  const id = idOf(playerId);
  const bettor = state.players.find((p) => p.playerId === id);
  if (!bettor || bettor.streetBet <= state.currentBet) return state;
  const raise = bettor.streetBet - state.currentBet;
  const full = raise >= state.minRaise;
  return {
    ...state,
    currentBet: bettor.streetBet,
    minRaise: full ? raise : state.minRaise,
    players: full
      ? state.players.map((p) => (p.playerId === id ? p : { ...p, acted: false }))
      : state.players,
  };
}

/** The prompted player answered: the prompt is spent. Others acting leave it standing. */
function answered(state: HandState, playerId: Uint8Array): HandState {
  return state.action?.playerId === idOf(playerId) ? { ...state, action: null } : state;
}
