import { ForgetfulMemoryTransport } from '../../fixtures/forgetful-memory-transport';
import { PokerCluster } from '../../fixtures/poker-cluster';
import { mapLimit, runFlows } from '../../lib/flow-driver';
import type { Job } from '../../lib/job';
import { rate } from '../../lib/measurement';
import { RssSampler, toMiB } from '../../lib/rss-sampler';
import { elapsedMs, round, summarize } from '../../lib/stats';

const SETUP_PARALLELISM = 20;
/** RSS is also read at every tenth of the run, for the curve. */
const CURVE_POINTS = 10;

interface MemoryReading {
  flows: number;
  rssMiB: number;
  heapUsedMiB: number;
}

/**
 * Memory stays bounded: the seed story's compensation flow, 100 hands in flight, on the three
 * runtimes with RedisEventStore and RedisAuditLog (their data lives in Redis, not in the
 * process), through an in-process transport that forgets delivered messages, because Kafka on
 * the mock is too slow for 100,000 flows in a benchmark run. RSS and heap are read after a full
 * GC at each checkpoint; the target holds if RSS at the last is within 1.5× of the first.
 */
export const boundedMemoryJob: Job = async (ctx) => {
  const { sizes, maxWaitTimeInMs, logLevel } = ctx.settings;
  const [first, last] = sizes.memoryCheckpoints;
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with --expose-gc (bench/run.ts does)');
  const transport = new ForgetfulMemoryTransport();
  const cluster = await PokerCluster.start({
    env: ctx.env,
    prefix: ctx.prefix,
    maxWaitTimeInMs,
    logLevel,
    transport,
  });
  try {
    const hands = await mapLimit(Array.from({ length: sizes.concurrency }), SETUP_PARALLELISM, () =>
      cluster.seatHand(),
    );
    const flow = cluster.betAndRevert.bind(cluster);
    await runFlows(hands, sizes.concurrency * 2, sizes.concurrency, flow);
    cluster.stopRecording();
    const checkpoints = new Set([first, last]);
    for (let i = 1; i <= CURVE_POINTS; i++) checkpoints.add(Math.round((last * i) / CURVE_POINTS));
    const readings: MemoryReading[] = [];
    // Latencies in a preallocated array: the bench's own bookkeeping must not grow either.
    const latencies = new Float64Array(last);
    let completed = 0;
    const read = async (): Promise<void> => {
      await cluster.drainOutboxes();
      gc();
      const m = process.memoryUsage();
      readings.push({ flows: completed, rssMiB: toMiB(m.rss), heapUsedMiB: toMiB(m.heapUsed) });
      ctx.log(`${completed} flows: RSS ${toMiB(m.rss)} MiB, heap ${toMiB(m.heapUsed)} MiB`);
    };
    /** Runs flows up to `target` with every hand busy, then lets them all finish. */
    const segment = async (target: number): Promise<void> => {
      let started = completed;
      await Promise.all(
        hands.map(async (hand) => {
          while (started < target) {
            started++;
            const t = process.hrtime.bigint();
            await flow(hand);
            latencies[completed++] = elapsedMs(t);
          }
        }),
      );
    };
    const rss = new RssSampler();
    const start = process.hrtime.bigint();
    await ctx.profiler.around(async () => {
      for (const checkpoint of [...checkpoints].sort((a, b) => a - b)) {
        await segment(checkpoint);
        await read();
      }
    });
    const wallMs = elapsedMs(start);
    const peakRssMiB = rss.stop();
    const at = (flows: number) => readings.find((r) => r.flows >= flows) ?? readings.at(-1)!;
    return {
      measurements: {
        bounded: {
          name: 'saga-kit',
          unit: 'flow',
          ...rate(completed, wallMs),
          latency: summarize(Array.from(latencies.subarray(0, completed))),
          peakRssMiB,
          details: {
            transport:
              'in-process, forgets delivered messages (bench/fixtures/forgetful-memory-transport.ts)',
            store: 'RedisEventStore + RedisAuditLog (data outside the process)',
            checkpoints: [first, last],
            rssAtFirstMiB: at(first).rssMiB,
            rssAtLastMiB: at(last).rssMiB,
            rssGrowth: round(at(last).rssMiB / at(first).rssMiB, 2),
            heapGrowth: round(at(last).heapUsedMiB / at(first).heapUsedMiB, 2),
            curve: readings,
          },
        },
      },
    };
  } finally {
    await cluster.stop();
  }
};
