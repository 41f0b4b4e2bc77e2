import type { Consumer } from 'kafkajs';
import { TransientError } from '../../errors/transient.error';

/** A wait for a consumer's first group join. */
export interface GroupJoinWatch {
  /** Resolves on the first GROUP_JOIN; rejects on a crash kafkajs will not recover from, or on timeout. */
  readonly joined: Promise<void>;
  dispose(): void;
}

/**
 * Watches `consumer` for its first group join. Create it before `consumer.run()`: the event may
 * fire before `run` resolves.
 */
export function watchGroupJoin(
  consumer: Consumer,
  groupId: string,
  timeoutMs: number,
): GroupJoinWatch {
  const removers: Array<() => void> = [];
  let timer: NodeJS.Timeout | undefined;
  const dispose = (): void => {
    clearTimeout(timer);
    removers.splice(0).forEach((remove) => remove());
  };
  const joined = new Promise<void>((resolve, reject) => {
    timer = setTimeout(() => {
      dispose();
      reject(new TransientError(`consumer group ${groupId} was not joined within ${timeoutMs} ms`));
    }, timeoutMs);
    removers.push(
      consumer.on(consumer.events.GROUP_JOIN, () => {
        dispose();
        resolve();
      }),
      consumer.on(consumer.events.CRASH, ({ payload }) => {
        if (payload.restart) return; // kafkajs starts the consumer again and will join then
        dispose();
        reject(payload.error);
      }),
    );
  });
  // The caller may fail (connect, subscribe) before it awaits the join: no unhandled rejection.
  joined.catch(() => undefined);
  return { joined, dispose };
}
