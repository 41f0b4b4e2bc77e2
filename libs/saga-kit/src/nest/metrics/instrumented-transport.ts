import { Headers } from '../../messaging/headers';
import type { Topics } from '../../messaging/topics';
import type {
  MessageHandler,
  OutgoingMessage,
  Subscription,
  SubscriptionOptions,
  Transport,
} from '../../ports/transport.port';
import type { SagaKitMetrics } from './saga-kit-metrics';

/**
 * A transport that times each consumed message (the handler boundary, retries included) and
 * counts what is published to DLQ topics, whichever component dead-lettered it.
 */
export class InstrumentedTransport implements Transport {
  constructor(
    private readonly inner: Transport,
    private readonly metrics: SagaKitMetrics,
    private readonly topics: Topics,
  ) {}

  async publish(messages: readonly OutgoingMessage[]): Promise<void> {
    await this.inner.publish(messages);
    for (const message of messages) {
      const parsed = this.topics.parse(message.topic);
      if (parsed?.channel !== 'dlq') continue;
      this.metrics.deadLetters.inc({
        service: this.metrics.service,
        domain: parsed.domain,
        reason: message.headers[Headers.DlqReason] || 'unknown',
        component: message.headers[Headers.DlqComponent] || 'unknown',
      });
    }
  }

  subscribe(options: SubscriptionOptions, handler: MessageHandler): Promise<Subscription> {
    const prefix = `${this.topics.prefix}.`;
    const consumer = options.groupId.startsWith(prefix)
      ? options.groupId.slice(prefix.length)
      : options.groupId;
    return this.inner.subscribe(options, async (message) => {
      const channel = this.topics.parse(message.topic)?.channel ?? 'unknown';
      const end = this.metrics.handlerDuration.startTimer({
        service: this.metrics.service,
        consumer,
        channel,
      });
      try {
        await handler(message);
        end({ outcome: 'ok' });
      } catch (error) {
        end({ outcome: 'error' });
        throw error;
      }
    });
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
