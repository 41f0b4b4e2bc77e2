/** Folds events over a state with an evolver: how a stream becomes a state. */
export function replay<S, E>(
  evolve: (state: S, event: E) => S,
  initial: S,
  events: readonly E[],
): S {
  return events.reduce(evolve, initial);
}
