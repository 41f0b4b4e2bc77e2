import type { Job } from '../lib/job';

/**
 * Every job by name, loaded on demand: a job's process loads its own code only, so a baseline's
 * RSS holds no saga-kit. catalog.ts orders the jobs and pairs their measurements.
 */
export const JOBS: Readonly<Record<string, () => Promise<Job>>> = {
  'compensation:saga-kit': async () =>
    (await import('./compensation/saga-kit-compensation.job')).sagaKitCompensationJob,
  'compensation:raw-kafkajs': async () =>
    (await import('./compensation/raw-kafkajs-relay.job')).rawKafkajsRelayJob,
  'peer:nest': async () => (await import('./peer/nest-peer.job')).nestPeerJob,
  'throughput:saga-kit': async () =>
    (await import('./throughput/saga-kit-throughput.job')).sagaKitThroughputJob,
  'throughput:raw-kafkajs': async () =>
    (await import('./throughput/raw-kafkajs-loop.job')).rawKafkajsLoopJob,
  'rebuild:redis': async () => (await import('./rebuild/rebuild.job')).rebuildJob('redis'),
  'rebuild:memory': async () => (await import('./rebuild/rebuild.job')).rebuildJob('memory'),
  'dlq:saga-kit': async () => (await import('./dlq/dlq-worker.job')).dlqWorkerJob,
  'memory:saga-kit': async () => (await import('./memory/bounded-memory.job')).boundedMemoryJob,
};
