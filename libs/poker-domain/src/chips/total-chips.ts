import type { HandState } from '../hand/hand.state';
import type { PlayerState } from '../player/player.state';
import type { TableState } from '../table/table.state';

/** Where the chips are: free in bankrolls, reserved for buy-ins, in stacks, in pots. */
export interface ChipCount {
  readonly bankrolls: number;
  readonly reservations: number;
  readonly stacks: number;
  readonly pots: number;
  readonly total: number;
}

/**
 * Counts every chip held in the players', tables' and hands' states. Each chip has exactly one
 * owner at a time: a buy-in is the player's reservation until verification hands it over
 * (`buyIns` is only a note, not counted); a bet stays in the stack until the table takes it, and
 * is the pot's once the hand has the table's confirmation; a payout is the table's again once
 * credited.
 *
 * Between aggregates chips move through saga commands, so while one is in flight its chips are
 * on both sides (the table took a buy-in still reserved) or on neither (a bet taken from the
 * stack but not yet confirmed to the hand; a pot awarded but not yet credited). The total is
 * therefore only meaningful once every saga command has been handled; then it always equals
 * the bankrolls players registered with, whatever was accepted, rejected or compensated.
 */
export function countChips(
  players: Iterable<PlayerState>,
  tables: Iterable<TableState>,
  hands: Iterable<HandState>,
): ChipCount {
  let bankrolls = 0;
  let reservations = 0;
  for (const player of players) {
    bankrolls += player.bankroll;
    for (const r of Object.values(player.reservations)) reservations += r.amount;
  }
  let stacks = 0;
  for (const table of tables) {
    for (const seat of Object.values(table.seats)) stacks += seat.stack;
  }
  let pots = 0;
  for (const hand of hands) pots += hand.pot;
  return { bankrolls, reservations, stacks, pots, total: bankrolls + reservations + stacks + pots };
}

/** The total of {@link countChips}. */
export function totalChips(
  players: Iterable<PlayerState>,
  tables: Iterable<TableState>,
  hands: Iterable<HandState>,
): number {
  return countChips(players, tables, hands).total;
}
