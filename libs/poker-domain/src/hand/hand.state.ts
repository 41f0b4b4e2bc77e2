/** The betting round; `showdown` once betting is over. */
export type HandStreet = 'preflop' | 'flop' | 'turn' | 'river' | 'showdown';

/** `all_in` players have no chips behind and take no more decisions; `sat_out` never played. */
export type HandPlayerStatus = 'active' | 'folded' | 'all_in' | 'sat_out';

/** One player dealt into the hand. */
export interface HandPlayer {
  readonly playerId: string;
  readonly seat: number;
  /** Chips behind: the dealt stack less everything committed. */
  readonly stack: number;
  /** Chips bet during the whole hand (blinds included), whether the table took them yet or not. */
  readonly committed: number;
  /** Part of `committed` the table confirmed it took from the stack. */
  readonly collected: number;
  /** Chips put in on the current street. */
  readonly streetBet: number;
  /** Acted since the betting was last opened or fully raised on this street. */
  readonly acted: boolean;
  readonly status: HandPlayerStatus;
}

/** The prompt a player must answer; its number is the action timer's reference. */
export interface PendingAction {
  readonly playerId: string;
  readonly actionNumber: number;
  /** Epoch milliseconds. */
  readonly expiresAt: number;
}

/**
 * `not_started` until StartHand; `settling` once betting is over, until every bet is confirmed
 * or reverted and the pots are paid out; `ended` for good.
 */
export type HandStatus = 'not_started' | 'in_progress' | 'settling' | 'ended';

/** How the pots are paid out once betting is over. */
export type HandSettlement = 'showdown' | 'last_player_standing' | 'refund';

/** One deal: players, betting and the pot; ids are UUID strings. */
export interface HandState {
  readonly status: HandStatus;
  readonly tableId: string;
  /** In seat order. */
  readonly players: readonly HandPlayer[];
  readonly smallBlind: number;
  readonly bigBlind: number;
  readonly button: number;
  readonly actionTimeoutSeconds: number;
  /** Best first; see `showdown.ts`. */
  readonly showdownRanking: readonly string[];
  readonly street: HandStreet;
  /** Highest street bet: what everybody must match. */
  readonly currentBet: number;
  /** Size of the last full raise on this street; the next raise must be at least this big. */
  readonly minRaise: number;
  /** Chips the table confirmed taken into the pots and not yet paid out. */
  readonly pot: number;
  readonly settlement: HandSettlement | null;
  /** Why betting closed; the hand ends with this reason. */
  readonly closeReason: string;
  readonly action: PendingAction | null;
  /** Number of the last prompt issued. */
  readonly actionCount: number;
}

/** The state of a hand that was never started. */
export function initialHandState(): HandState {
  return {
    status: 'not_started',
    tableId: '',
    players: [],
    smallBlind: 0,
    bigBlind: 0,
    button: 0,
    actionTimeoutSeconds: 0,
    showdownRanking: [],
    street: 'preflop',
    currentBet: 0,
    minRaise: 0,
    pot: 0,
    settlement: null,
    closeReason: '',
    action: null,
    actionCount: 0,
  };
}

/** The dealt player `playerId`, if any. */
export function playerIn(state: HandState, playerId: string): HandPlayer | undefined {
  return state.players.find((p) => p.playerId === playerId);
}
