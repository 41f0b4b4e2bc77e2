import type { Measurement } from '../lib/measurement';

/** A measurement of a job: `[job, phase]`. */
export type MeasurementRef = readonly [job: string, phase: string];

/** A target a scenario is held to; checked against its saga-kit measurement. */
export interface Target {
  description: string;
  met(m: Measurement): boolean;
}

/** One row of the report: saga-kit's measurement, and its baseline's when it has one. */
export interface ScenarioSpec {
  id: string;
  title: string;
  sagaKit: MeasurementRef;
  baseline?: MeasurementRef;
  target?: Target;
}

/** Jobs in the order they run; a job may use the data of those before it. */
export const JOB_ORDER = [
  'compensation:saga-kit',
  'compensation:raw-kafkajs',
  'peer:nest',
  'throughput:saga-kit',
  'throughput:raw-kafkajs',
  'rebuild:redis',
  'rebuild:memory',
  'dlq:saga-kit',
  'memory:saga-kit',
] as const;

/** Which job needs the `data` of which (the message shapes saga-kit published). */
export const JOB_INPUTS: Readonly<Record<string, string>> = {
  'compensation:raw-kafkajs': 'compensation:saga-kit',
  'throughput:raw-kafkajs': 'throughput:saga-kit',
};

const REBUILD_TARGET_MS = 50;
const MEMORY_GROWTH_LIMIT = 1.5;

export const SCENARIOS: readonly ScenarioSpec[] = [
  {
    id: 'compensation.sequential',
    title: 'Compensation round trip, one at a time (vs raw kafkajs relay)',
    sagaKit: ['compensation:saga-kit', 'sequential'],
    baseline: ['compensation:raw-kafkajs', 'sequential'],
  },
  {
    id: 'compensation.concurrent',
    title: 'Compensation round trip, 100 hands in flight (vs raw kafkajs relay)',
    sagaKit: ['compensation:saga-kit', 'concurrent'],
    baseline: ['compensation:raw-kafkajs', 'concurrent'],
  },
  {
    id: 'peer.sequential',
    title: 'Reject-and-reply, one at a time (vs Nest ClientKafka send())',
    sagaKit: ['compensation:saga-kit', 'sequential'],
    baseline: ['peer:nest', 'sequential'],
  },
  {
    id: 'peer.concurrent',
    title: 'Reject-and-reply, 100 in flight (vs Nest ClientKafka send())',
    sagaKit: ['compensation:saga-kit', 'concurrent'],
    baseline: ['peer:nest', 'concurrent'],
  },
  {
    id: 'throughput.commands',
    title: 'Accepted commands/s, one aggregate service (vs raw consume → append → produce)',
    sagaKit: ['throughput:saga-kit', 'commands'],
    baseline: ['throughput:raw-kafkajs', 'commands'],
  },
  {
    id: 'rebuild.redis.snapshots',
    title: 'Rebuild 100k events, 10% revoked, with snapshots (RedisEventStore)',
    sagaKit: ['rebuild:redis', 'snapshots'],
    target: {
      description: `p99 < ${REBUILD_TARGET_MS} ms`,
      met: (m) => (m.latency?.p99Ms ?? Infinity) < REBUILD_TARGET_MS,
    },
  },
  {
    id: 'rebuild.redis.full',
    title: 'Rebuild 100k events, 10% revoked, full replay (RedisEventStore)',
    sagaKit: ['rebuild:redis', 'full'],
  },
  {
    id: 'rebuild.memory.snapshots',
    title: 'Rebuild 100k events, 10% revoked, with snapshots (memory store)',
    sagaKit: ['rebuild:memory', 'snapshots'],
  },
  {
    id: 'rebuild.memory.full',
    title: 'Rebuild 100k events, 10% revoked, full replay (memory store)',
    sagaKit: ['rebuild:memory', 'full'],
  },
  {
    id: 'dlq.ingest',
    title: 'DLQ worker ingest from a DLQ topic (RedisDeadLetterStore)',
    sagaKit: ['dlq:saga-kit', 'ingest'],
  },
  {
    id: 'dlq.replay',
    title: 'DLQ worker bulk replay (DeadLetterReplayer)',
    sagaKit: ['dlq:saga-kit', 'replay'],
  },
  {
    id: 'memory.bounded',
    title: 'RSS after N flows vs after N/10 flows (bounded memory)',
    sagaKit: ['memory:saga-kit', 'bounded'],
    target: {
      description: `RSS at the last checkpoint ≤ ${MEMORY_GROWTH_LIMIT}× RSS at the first`,
      met: (m) => Number(m.details?.['rssGrowth'] ?? Infinity) <= MEMORY_GROWTH_LIMIT,
    },
  },
];

/** The scenario group of an id (`compensation`, `peer`, ...), for `--only`. */
export function groupOf(id: string): string {
  return id.split(/[.:]/)[0]!;
}
