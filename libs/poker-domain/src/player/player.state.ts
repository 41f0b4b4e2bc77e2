/** Chips held back from the bankroll for one table's buy-in. */
export interface Reservation {
  readonly amount: number;
  readonly seat: number;
}

/** A player's bankroll, reservations and eligibility; ids are UUID strings. */
export interface PlayerState {
  readonly registered: boolean;
  readonly name: string;
  /** Chips free to reserve. */
  readonly bankroll: number;
  /** By table id. Counted as the player's chips until the table's verification takes them. */
  readonly reservations: Readonly<Record<string, Reservation>>;
  /**
   * Buy-ins handed over to tables, by table id. Informational only: those chips are the table's
   * stack now, so they are not the player's to count.
   */
  readonly buyIns: Readonly<Record<string, number>>;
  readonly suspended: boolean;
  /** Epoch milliseconds; null when never self-excluded. */
  readonly selfExcludedUntil: number | null;
  readonly kycPending: boolean;
}

/** The state of a player that was never registered. */
export function initialPlayerState(): PlayerState {
  return {
    registered: false,
    name: '',
    bankroll: 0,
    reservations: {},
    buyIns: {},
    suspended: false,
    selfExcludedUntil: null,
    kycPending: false,
  };
}
