import { ConfigurationError } from '../../errors/configuration.error';
import type { DiscoveredHandlers } from './discovered-handlers';

/**
 * Throws a `ConfigurationError` naming both claimants when two aggregates share a domain, two
 * aggregates handle one command type, or two sagas share a name. (Conflicts within one class
 * are reported by the definition builders.) Several sagas reacting to one event is a fan-out,
 * not a conflict.
 */
export function assertNoHandlerConflicts(found: DiscoveredHandlers): void {
  const domains = new Map<string, string>();
  const commands = new Map<string, string>();
  for (const { definition, source } of found.aggregates) {
    claim(domains, definition.domain, source, (first) => {
      return `two aggregates for domain ${definition.domain}: ${first} and ${source}; keep one`;
    });
    for (const [type, handler] of definition.commands) {
      claim(commands, type, handler.name, (first) => {
        return `two handlers for command ${type}: ${first} and ${handler.name}; keep one`;
      });
    }
  }
  const sagas = new Map<string, string>();
  for (const { definition, source } of found.sagas) {
    claim(sagas, definition.name, source, (first) => {
      return `two sagas named ${definition.name}: ${first} and ${source}; rename one`;
    });
  }
}

function claim(
  claimed: Map<string, string>,
  key: string,
  claimant: string,
  conflict: (first: string) => string,
): void {
  const first = claimed.get(key);
  if (first !== undefined) throw new ConfigurationError(conflict(first));
  claimed.set(key, claimant);
}
