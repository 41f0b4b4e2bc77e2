import { clockwiseFrom } from './betting-round';
import type { HandPlayer } from './hand.state';

/**
 * Showdown order, best first. Cards are dealt and evaluated outside this domain: whoever deals
 * supplies the order its cards rank in (`showdown_ranking`). Players it leaves out rank after
 * those it lists, first seat left of the button first, as odd chips are given in card rooms.
 * The order is strict, so pots are never split.
 */
export function rankContenders(
  contenders: readonly HandPlayer[],
  ranking: readonly string[],
  button: number,
): HandPlayer[] {
  const position = new Map(clockwiseFrom(contenders, button).map((p, i) => [p.playerId, i]));
  const rank = (p: HandPlayer) => {
    const listed = ranking.indexOf(p.playerId);
    return listed >= 0 ? listed : ranking.length + (position.get(p.playerId) ?? 0);
  };
  return [...contenders].sort((a, b) => rank(a) - rank(b));
}

/**
 * Splits what everybody committed into a main pot and side pots by contribution level, and
 * gives each to its best-ranked contender who paid into all of it: an all-in player wins at
 * most what each opponent matched. Returns the amount per player id; the amounts add up to
 * everything committed.
 */
export function potAwards(
  players: readonly HandPlayer[],
  ranking: readonly string[],
  button: number,
): Map<string, number> {
  const contenders = players.filter((p) => p.status === 'active' || p.status === 'all_in');
  const ranked = rankContenders(contenders, ranking, button);
  const levels = [...new Set(players.map((p) => p.committed).filter((c) => c > 0))].sort(
    (a, b) => a - b,
  );
  const awards = new Map<string, number>();
  let floor = 0;
  for (const level of levels) {
    const layer = players.reduce(
      (sum, p) => sum + Math.min(p.committed, level) - Math.min(p.committed, floor),
      0,
    );
    // Chips above every contender's contribution (a folded player's bigger bet) go to the best
    // contender overall rather than vanish.
    const winner = ranked.find((p) => p.committed >= level) ?? ranked[0];
    if (winner) awards.set(winner.playerId, (awards.get(winner.playerId) ?? 0) + layer);
    floor = level;
  }
  return awards;
}
