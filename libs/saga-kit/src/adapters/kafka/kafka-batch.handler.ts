import type { EachBatchPayload } from 'kafkajs';
import type { Logger } from 'pino';
import type { MessageHandler } from '../../ports/transport.port';
import { backoffDelay } from '../../runtime/retry/backoff';
import type { RetryPolicy } from '../../runtime/retry/retry-policy';
import { toIncomingMessage } from './kafka-message.codec';
import { KafkaTransportEvents, type KafkaTransportInstrumentation } from './kafka-transport.events';

/** What one subscription's batch handler needs. */
export interface BatchHandlerContext {
  groupId: string;
  handler: MessageHandler;
  redelivery: RetryPolicy;
  logger: Logger;
  events: KafkaTransportInstrumentation;
  /** Runs `task` after `delayMs` unless the subscription stops first. */
  schedule(delayMs: number, task: () => void): void;
}

/**
 * The `eachBatch` callback of a subscription (run with `autoCommit: false` and
 * `eachBatchAutoResolve: false`).
 *
 * Why `eachBatch` and not `eachMessage`: kafkajs fetches a partition from its last *resolved*
 * offset, so a message that is never resolved is fetched again without any `seek`. On a handler
 * rejection we stop the batch before resolving that message, pause only its partition, and
 * resume it after a backoff: the same message comes back first, later messages of the partition
 * (so of the same aggregate) stay behind it, and other partitions keep flowing. Nothing is
 * thrown to kafkajs, so a handler failure never crashes or restarts the consumer. With
 * `eachMessage`, kafkajs resolves the offset itself once the callback returns, and the redelivery
 * would hinge on a `seek` racing that resolution.
 *
 * Order of commit vs. handling: an offset is resolved only after its handler resolved, and the
 * resolved offsets are committed when the batch ends (fully handled, stopped at a failure, or cut
 * short by `close` or a rebalance). A crash between handler and commit redelivers the message
 * (at-least-once; handlers are idempotent); no offset is ever committed ahead of its handler.
 */
export function createBatchHandler(
  context: BatchHandlerContext,
): (payload: EachBatchPayload) => Promise<void> {
  const failures = new Map<string, { offset: string; attempts: number }>();

  const retryLater = (
    payload: EachBatchPayload,
    offset: string,
    error: unknown,
    failureKey: string,
  ): void => {
    const { topic, partition } = payload.batch;
    const previous = failures.get(failureKey);
    const attempt = previous?.offset === offset ? previous.attempts + 1 : 1;
    failures.set(failureKey, { offset, attempts: attempt });
    const retryInMs = backoffDelay(attempt, context.redelivery);
    const { groupId } = context;
    context.logger.warn(
      { err: error, groupId, topic, partition, offset, attempt, retryInMs },
      'handler failed; the message will be delivered again',
    );
    context.events.emit(KafkaTransportEvents.HandlerError, {
      groupId,
      topic,
      partition,
      offset,
      attempt,
      retryInMs,
      error,
    });
    const resume = payload.pause();
    context.schedule(retryInMs, resume);
  };

  return async (payload) => {
    const { batch } = payload;
    const { topic, partition } = batch;
    const failureKey = `${topic}\u0000${partition}`;
    let resolved = false;
    try {
      for (const message of batch.messages) {
        // Stopping (close, restart) or a seek: leave the rest unresolved for the next owner.
        if (!payload.isRunning() || payload.isStale()) break;
        try {
          await context.handler(toIncomingMessage(topic, partition, message));
        } catch (error) {
          retryLater(payload, message.offset, error, failureKey);
          break;
        }
        failures.delete(failureKey);
        payload.resolveOffset(message.offset);
        resolved = true;
        // Throws when the group rebalances; kafkajs then rejoins. The finally block commits first.
        await payload.heartbeat();
      }
    } finally {
      if (resolved) await commit(context, payload);
    }
  };
}

/**
 * Commits this partition's resolved offset. A failure is reported, not thrown: the offset is
 * committed with the next batch, or the messages are redelivered to the partition's next owner.
 */
async function commit(context: BatchHandlerContext, payload: EachBatchPayload): Promise<void> {
  const { topic, partition } = payload.batch;
  const pending = payload
    .uncommittedOffsets()
    .topics.find((t) => t.topic === topic)
    ?.partitions.find((p) => Number(p.partition) === partition);
  if (!pending) return;
  const offsets = { topics: [{ topic, partitions: [{ partition, offset: pending.offset }] }] };
  try {
    // Straight to the coordinator: unlike `consumer.commitOffsets`, this still commits while the
    // consumer is stopping, which is how `close` commits the in-flight batch.
    await payload.commitOffsetsIfNecessary(offsets);
  } catch (error) {
    const { groupId } = context;
    context.logger.warn(
      { err: error, groupId, topic, partition, offset: pending.offset },
      'offset commit failed; handled messages may be delivered again',
    );
    context.events.emit(KafkaTransportEvents.CommitError, {
      groupId,
      topic,
      partition,
      offset: pending.offset,
      error,
    });
  }
}
