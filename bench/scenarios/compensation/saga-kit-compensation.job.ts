import { PokerCluster } from '../../fixtures/poker-cluster';
import { mapLimit, measureFlows, runFlows } from '../../lib/flow-driver';
import type { Job } from '../../lib/job';
import type { Measurement } from '../../lib/measurement';
import { perOperation } from '../../lib/publish-counts';

/** Hands seated at once during setup. */
const SETUP_PARALLELISM = 20;

/**
 * Scenario 1, saga-kit side: the seed story's compensation round trip on three runtimes over
 * KafkaTransport + RedisEventStore, one at a time and with `concurrency` hands in flight.
 * Reports the shapes of the messages of each hop, for the raw kafkajs baseline.
 */
export const sagaKitCompensationJob: Job = async (ctx) => {
  const { sizes, maxWaitTimeInMs, logLevel } = ctx.settings;
  // The hands are seated while the consumers join their groups.
  const [cluster, hands] = await PokerCluster.startWhile(
    { env: ctx.env, prefix: ctx.prefix, maxWaitTimeInMs, logLevel },
    (c) =>
      mapLimit(Array.from({ length: sizes.concurrency }), SETUP_PARALLELISM, () => c.seatHand()),
  );
  try {
    await cluster.drainOutboxes();
    ctx.log('runtimes started, hands seated; warming up');
    const flow = cluster.betAndRevert.bind(cluster);
    await runFlows(hands, sizes.warmupFlows, 1, flow);
    if (sizes.fullWarmup) await runFlows(hands, sizes.concurrency, sizes.concurrency, flow);
    cluster.stopRecording();
    ctx.log('measuring');
    const measured = async (concurrency: number, flows: number): Promise<Measurement> => {
      // The previous phase's last events are published first, not counted in this one.
      await cluster.drainOutboxes();
      const before = cluster.publishedCounts();
      const m = await ctx.profiler.around(() =>
        measureFlows('saga-kit', hands, flows, concurrency, flow),
      );
      await cluster.drainOutboxes();
      const published = perOperation(before, cluster.publishedCounts(), m.operations);
      return {
        ...m,
        details: {
          services: 'hand, table, saga: a KafkaTransport, RedisEventStore and RedisAuditLog each',
          kafkaHops: 3,
          concurrency,
          publishedPerFlow: published,
        },
      };
    };
    const sequential = await measured(1, sizes.sequentialFlows);
    const concurrent = await measured(sizes.concurrency, sizes.concurrentFlows);

    ctx.log('measured; stopping');
    return {
      measurements: { sequential, concurrent },
      data: { shapes: Object.fromEntries(cluster.shapes) },
    };
  } finally {
    await cluster.stop();
  }
};
