/**
 * What the global setup started, handed to the global teardown. Jest loads the two hooks as
 * separate modules in the same process, so the state lives on `globalThis`.
 */
export interface InfraState {
  /** Stops what the setup started, last started first. */
  readonly stops: Array<() => Promise<void>>;
  /** Environment variables the setup set, to unset them (jest --watch reruns the setup). */
  readonly env: string[];
}

const KEY = Symbol.for('saga-kit.test-infra');

type Holder = { [KEY]?: InfraState };

export function saveInfraState(state: InfraState): void {
  (globalThis as Holder)[KEY] = state;
}

export function takeInfraState(): InfraState | undefined {
  const holder = globalThis as Holder;
  const state = holder[KEY];
  delete holder[KEY];
  return state;
}

/** Stops everything and unsets the variables; reports every failure, not just the first. */
export async function releaseInfra(state: InfraState): Promise<void> {
  const results = [];
  for (const stop of [...state.stops].reverse()) results.push(await stop().then(ok, fail));
  for (const name of state.env) delete process.env[name];
  const errors = results.filter((result): result is Error => result instanceof Error);
  if (errors.length > 0) throw new AggregateError(errors, 'test infrastructure teardown failed');
}

const ok = (): undefined => undefined;
const fail = (error: unknown): Error => (error instanceof Error ? error : new Error(String(error)));
