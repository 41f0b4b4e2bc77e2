import { measurePhase, type Measurement } from './measurement';
import { elapsedMs } from './stats';

/**
 * Runs `flows` operations in a closed loop with `concurrency` in flight, each timed from start to
 * finish. Worker `w` owns the pool items w, w + concurrency, ... and cycles through them, so no
 * item (a hand, an aggregate) ever has two operations in flight.
 */
export async function measureFlows<T>(
  name: string,
  pool: readonly T[],
  flows: number,
  concurrency: number,
  flow: (item: T) => Promise<void>,
): Promise<Measurement> {
  if (pool.length < concurrency) throw new RangeError('the pool must hold one item per worker');
  return measurePhase(name, 'flow', async (recorder) => {
    let started = 0;
    const worker = async (w: number): Promise<void> => {
      const mine = pool.filter((_, i) => i % concurrency === w);
      for (let turn = 0; started < flows; turn++) {
        started++;
        const item = mine[turn % mine.length]!;
        const start = process.hrtime.bigint();
        await flow(item);
        recorder.latency(elapsedMs(start));
      }
    };
    await Promise.all(Array.from({ length: concurrency }, (_, w) => worker(w)));
    return started;
  });
}

/** Runs `flows` unmeasured operations the same way (warm-up). */
export async function runFlows<T>(
  pool: readonly T[],
  flows: number,
  concurrency: number,
  flow: (item: T) => Promise<void>,
): Promise<void> {
  await measureFlows('warm-up', pool, flows, concurrency, flow);
}

/** Runs `task` for `count` items with at most `parallel` at a time, in order of the results. */
export async function mapLimit<T, R>(
  items: readonly T[],
  parallel: number,
  task: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index]!, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, items.length) }, worker));
  return results;
}
