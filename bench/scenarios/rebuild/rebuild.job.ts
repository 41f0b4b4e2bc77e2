import { isDeepStrictEqual } from 'node:util';
import { Aggregate } from '@saga-kit/core';
import { POKER_FILES } from '@poker/contracts';
import {
  createRuntime,
  MemoryAuditLog,
  MemoryEventStore,
  MemoryTransport,
  RedisEventStore,
  toAggregateDefinition,
  TypeRegistry,
  type EventStore,
  type Outbox,
} from '@saga-kit/core';
import pino from 'pino';
import { HandFixture } from '../../../libs/saga-kit/src/testing/fixtures';
import { deleteKeys } from '../../../test/infra/redis';
import { redisClient } from '../../infra/bench-env';
import { measurePhase, type Measurement } from '../../lib/measurement';
import type { Job } from '../../lib/job';
import { elapsedMs, round } from '../../lib/stats';
import { writeRevokedHand } from './revoked-hand-stream';

/** The snapshot interval of the rebuilt hand. */
const SNAPSHOT_EVERY = 1_000;

/** Unmeasured loads with snapshots before the measured ones. */
const SNAPSHOT_WARMUP_LOADS = 10;

/** The fixtures' hand with a snapshot every 1,000 events. */
@Aggregate({ domain: 'hand', snapshotEvery: SNAPSHOT_EVERY })
class SnapshottingHand extends HandFixture {}

/**
 * Scenario 4: loads and rebuilds the state of a 100,000-event hand with 10% of its bets revoked,
 * through `runtime.load` (read-time transforms, then evolve), with snapshots on (the snapshot
 * plus the pages after it) and off (every page). On RedisEventStore, or in memory for context.
 */
export function rebuildJob(kind: 'redis' | 'memory'): Job {
  return async (ctx) => {
    const { sizes, logLevel } = ctx.settings;
    const logger = pino({ level: logLevel }, pino.destination(2));
    const redis = kind === 'redis' ? redisClient(ctx.env) : undefined;
    const store: EventStore & Outbox = redis
      ? new RedisEventStore(redis, { keyPrefix: ctx.prefix, logger })
      : new MemoryEventStore();
    const registry = new TypeRegistry(...POKER_FILES);
    const runtime = (aggregate: object) =>
      createRuntime({
        transport: new MemoryTransport(),
        store,
        outbox: store,
        audit: new MemoryAuditLog(),
        registry,
        aggregates: [aggregate],
        logger,
      });
    const withSnapshots = runtime(new SnapshottingHand());
    const fullReplay = runtime(new HandFixture());
    try {
      const writeStart = process.hrtime.bigint();
      const definition = toAggregateDefinition(new SnapshottingHand());
      const written = await writeRevokedHand(store, registry, definition, {
        events: sizes.rebuildEvents,
        revokedPercent: sizes.rebuildRevokedPercent,
        snapshotEvery: SNAPSHOT_EVERY,
      });
      const writeMs = round(elapsedMs(writeStart), 1);
      ctx.log(`${written.pages} pages written in ${writeMs} ms`);
      const { domain, root } = written.stream;
      const load = (r: typeof withSnapshots) => () => r.load(domain, root);
      type Loaded = Awaited<ReturnType<ReturnType<typeof load>>>;
      const details = {
        store: kind === 'redis' ? 'RedisEventStore' : 'MemoryEventStore',
        pages: written.pages,
        businessEvents: written.businessEvents,
        revoked: written.revoked,
        revocationMarkers: written.markers,
        writeMs,
      };
      /** Times `loads` loads; resolves with the measurement and the last load's result. */
      const timed = async (
        name: string,
        loads: number,
        body: () => Promise<Loaded>,
      ): Promise<[Measurement, Loaded]> => {
        let last: Loaded | undefined;
        const m = await ctx.profiler.around(() =>
          measurePhase(name, 'load', async (recorder) => {
            for (let i = 0; i < loads; i++) {
              const start = process.hrtime.bigint();
              last = await body();
              recorder.latency(elapsedMs(start));
            }
            return loads;
          }),
        );
        return [m, last!];
      };
      // Warm-up: (full runs) one full replay, then a full GC, so that neither the writer's nor
      // the warm-up's garbage counts in the loads' peak RSS; then a few loads with snapshots, as
      // the first load after a forced GC takes tens of ms (cold code) and would be the p99.
      if (sizes.fullWarmup) await load(fullReplay)();
      (globalThis as { gc?: () => void }).gc?.();
      let fast = await load(withSnapshots)();
      for (let i = 1; i < SNAPSHOT_WARMUP_LOADS; i++) fast = await load(withSnapshots)();
      if (!fast.fromSnapshot) throw new Error('the load with snapshots did not use the snapshot');
      const [snapshotted] = await timed('saga-kit', sizes.snapshotLoads, load(withSnapshots));
      const snapshots: Measurement = {
        ...snapshotted,
        details: {
          ...details,
          snapshotAt: written.snapshotAt,
          pagesRead: written.tailPages,
          snapshotEvery: SNAPSHOT_EVERY,
        },
      };
      const [replayed, slow] = await timed('saga-kit', sizes.fullLoads, load(fullReplay));
      const full: Measurement = { ...replayed, details: { ...details, pagesRead: written.pages } };
      // Both ways must rebuild the same state. Compared through the snapshot codec: bytes read
      // from Redis are Buffers, from a snapshot plain Uint8Arrays, with the same content.
      const codec = definition.stateCodec;
      if (
        !isDeepStrictEqual(codec.encode(fast.state), codec.encode(slow.state)) ||
        fast.nextSequence !== slow.nextSequence
      ) {
        throw new Error('the snapshot load and the full replay rebuilt different states');
      }
      return { measurements: { snapshots, full } };
    } finally {
      if (redis) {
        if (ctx.env.sharedRedis) await deleteKeys(redis, ctx.prefix).catch(() => undefined);
        await redis.quit().catch(() => redis.disconnect());
      }
    }
  };
}
