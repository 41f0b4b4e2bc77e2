import type { Admin } from 'kafkajs';
import type { Logger } from 'pino';
import type { TopicProvisioning } from './kafka-transport.options';
import type { LazyConnection } from './lazy-connection';

/** Kafka's "use the broker's default" for partitions and replication factor. */
const BROKER_DEFAULT = -1;

/**
 * Creates topics through the admin API, once per topic and transport. Provisioning is a
 * convenience, never a precondition: where it fails (no admin rights, a broker without
 * CreateTopics such as librdkafka's mock) the failure is logged and topics are left to the
 * broker's auto-creation.
 */
export class KafkaTopicProvisioner {
  private readonly settled = new Set<string>();

  constructor(
    private readonly admin: LazyConnection<Admin>,
    private readonly settings: TopicProvisioning,
    private readonly logger: Logger,
  ) {}

  /** Ensures the topics exist; resolves even when they could not be created. */
  async ensure(topics: readonly string[]): Promise<void> {
    const missing = [...new Set(topics)].filter((topic) => !this.settled.has(topic));
    if (missing.length === 0) return;
    const numPartitions = this.settings.partitions ?? BROKER_DEFAULT;
    const replicationFactor = this.settings.replicationFactor ?? BROKER_DEFAULT;
    try {
      const admin = await this.admin.get();
      // kafkajs resolves false, not an error, when every topic existed already.
      const created = await admin.createTopics({
        topics: missing.map((topic) => ({ topic, numPartitions, replicationFactor })),
        waitForLeaders: true,
      });
      this.logger.info({ topics: missing, created }, 'topics provisioned');
    } catch (err) {
      this.logger.warn(
        { err, topics: missing },
        'topic provisioning failed; relying on the broker to auto-create topics',
      );
    }
    // Settled either way: retrying a refused CreateTopics on every publish would only add latency.
    for (const topic of missing) this.settled.add(topic);
  }
}
