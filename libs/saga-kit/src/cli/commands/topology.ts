import { readAggregateOptions } from '../../decorators/aggregate.decorator';
import { readSagaOptions } from '../../decorators/saga.decorator';
import {
  isAggregateDefinition,
  type AggregateDefinition,
} from '../../runtime/definition/aggregate-definition';
import {
  aggregateDefinitionOf,
  sagaDefinitionOf,
} from '../../runtime/definition/definition-of-instance';
import { isSagaDefinition, type SagaDefinition } from '../../runtime/definition/saga-definition';
import { shortTypeName } from '../../messaging/type-registry';

/** The domains, sagas and rejection routes of a system, as plain JSON. */
export interface Topology {
  aggregates: {
    name: string;
    domain: string;
    commands: string[];
    events: string[];
    /** `@Rejected` handlers: rejections of `command` by `domain` come back here. */
    rejections: { domain: string; command: string; handler: string }[];
    /** Event types with a `@Compensate` handler. */
    compensates: string[];
  }[];
  sagas: { name: string; from: string; to: string; events: string[] }[];
}

/** The topology of aggregate and saga definitions (decorated classes or instances work too). */
export function topologyOf(sources: readonly unknown[]): Topology {
  const aggregates: AggregateDefinition[] = [];
  const sagas: SagaDefinition[] = [];
  for (const source of sources) {
    const definition = definitionOf(source);
    if (definition?.kind === 'aggregate') aggregates.push(definition);
    if (definition?.kind === 'saga') sagas.push(definition);
  }
  const short = (names: Iterable<string>): string[] => [...names].map(shortTypeName).sort();
  return {
    aggregates: dedupe(aggregates, (a) => a.name).map((a) => ({
      name: a.name,
      domain: a.domain,
      commands: short(a.commands.keys()),
      events: short(a.evolvers.keys()),
      rejections: [...a.rejections.values()]
        .map((r) => ({ domain: r.domain, command: r.command, handler: r.name }))
        .sort((x, y) => `${x.domain}/${x.command}`.localeCompare(`${y.domain}/${y.command}`)),
      compensates: [...a.compensators.keys()].sort(),
    })),
    sagas: dedupe(sagas, (s) => s.name).map((s) => ({
      name: s.name,
      from: s.from,
      to: s.to,
      events: short(s.handlers.keys()),
    })),
  };
}

/** Whether a value can give an aggregate or saga definition. */
export function isTopologySource(value: unknown): boolean {
  if (isAggregateDefinition(value) || isSagaDefinition(value)) return true;
  return (
    (typeof value === 'function' || typeof value === 'object') &&
    value !== null &&
    (readAggregateOptions(value) !== undefined || readSagaOptions(value) !== undefined)
  );
}

/**
 * A mermaid flowchart: one node per domain; a solid arrow per saga (`from` events become `to`
 * commands), a dotted arrow per rejection route (the rejecting domain's rejections go straight
 * back to the aggregate that handles them).
 */
export function renderTopologyMermaid(topology: Topology): string {
  const domains = new Set<string>();
  topology.aggregates.forEach((a) => domains.add(a.domain));
  topology.sagas.forEach((s) => domains.add(s.from).add(s.to));
  topology.aggregates.forEach((a) => a.rejections.forEach((r) => domains.add(r.domain)));
  const id = (domain: string): string => `d_${domain.replace(/[^a-zA-Z0-9]/g, '_')}`;
  const text = (s: string): string => s.replace(/"/g, "'");
  const lines = ['flowchart LR'];
  for (const domain of [...domains].sort()) {
    const aggregate = topology.aggregates.find((a) => a.domain === domain);
    lines.push(`  ${id(domain)}["${text(aggregate ? `${domain} (${aggregate.name})` : domain)}"]`);
  }
  for (const s of topology.sagas) {
    lines.push(
      `  ${id(s.from)} -->|"saga ${text(s.name)}: ${text(s.events.join(', '))}"| ${id(s.to)}`,
    );
  }
  for (const a of topology.aggregates) {
    for (const r of a.rejections) {
      lines.push(`  ${id(r.domain)} -.->|"rejects ${text(r.command)}"| ${id(a.domain)}`);
    }
  }
  return lines.join('\n');
}

function definitionOf(source: unknown): AggregateDefinition | SagaDefinition | undefined {
  if (isAggregateDefinition(source) || isSagaDefinition(source)) return source;
  if (source === null || (typeof source !== 'function' && typeof source !== 'object'))
    return undefined;
  // A class gives an instance without running its constructor: only its metadata is read.
  const instance =
    typeof source === 'function'
      ? (Object.create((source as { prototype: object }).prototype) as object)
      : source;
  if (readAggregateOptions(instance)) return aggregateDefinitionOf(instance);
  if (readSagaOptions(instance)) return sagaDefinitionOf(instance);
  return undefined;
}

function dedupe<T>(items: T[], key: (item: T) => string): T[] {
  return [...new Map(items.map((i) => [key(i), i])).values()];
}
