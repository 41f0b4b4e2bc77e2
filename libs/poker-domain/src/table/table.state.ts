/** `pending` until the player is verified; only `playing` seats are dealt in. */
export type SeatStatus = 'pending' | 'playing';

/** A player's seat and the chips in front of them. */
export interface TableSeat {
  readonly playerId: string;
  /** 1-based seat number. */
  readonly seat: number;
  readonly stack: number;
  readonly status: SeatStatus;
  readonly sittingOut: boolean;
}

/** A seat asked for while the player's buy-in is being reserved. */
export interface SeatRequest {
  readonly seat: number;
  readonly buyIn: number;
}

/** What the table knows about the hand in progress: who was dealt in and who folded. */
export interface HandAtTable {
  readonly handId: string;
  readonly players: readonly string[];
  readonly folded: readonly string[];
}

/** `unopened` until OpenTable; `closed` for good. */
export type TableStatus = 'unopened' | 'open' | 'closed';

/** A table's configuration, seats and hand in progress; ids are UUID strings. */
export interface TableState {
  readonly status: TableStatus;
  readonly name: string;
  readonly maxSeats: number;
  readonly smallBlind: number;
  readonly bigBlind: number;
  readonly minBuyIn: number;
  readonly maxBuyIn: number;
  readonly actionTimeoutSeconds: number;
  /** By player id. */
  readonly seats: Readonly<Record<string, TableSeat>>;
  /** By player id. */
  readonly requests: Readonly<Record<string, SeatRequest>>;
  /** Seat of the last hand's dealer button. */
  readonly button: number | null;
  readonly hand: HandAtTable | null;
}

/** The state of a table that was never opened. */
export function initialTableState(): TableState {
  return {
    status: 'unopened',
    name: '',
    maxSeats: 0,
    smallBlind: 0,
    bigBlind: 0,
    minBuyIn: 0,
    maxBuyIn: 0,
    actionTimeoutSeconds: 0,
    seats: {},
    requests: {},
    button: null,
    hand: null,
  };
}

/** Seats in seat-number order. */
export function seatsInOrder(state: TableState): TableSeat[] {
  return Object.values(state.seats).sort((a, b) => a.seat - b.seat);
}
