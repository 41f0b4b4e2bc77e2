import { Partitioners, type Admin, type Kafka, type Producer, type ProducerConfig } from 'kafkajs';
import type { Logger } from 'pino';
import { ConfigurationError } from '../../errors/configuration.error';
import type { OutgoingMessage } from '../../ports/transport.port';
import { toTransportError } from './kafka-error.mapper';
import { groupByTopic } from './kafka-message.codec';
import { LazyConnection } from './lazy-connection';

/** What {@link KafkaPublisher} needs from the transport. */
export interface KafkaPublisherDeps {
  kafka: Kafka;
  admin: LazyConnection<Admin>;
  producerConfig: Partial<ProducerConfig>;
  idempotent: boolean | 'auto';
  logger: Logger;
}

/** The transport's one producer: connects on first publish, sends each publish as one batch with `acks: -1`. */
export class KafkaPublisher {
  private readonly producer: LazyConnection<Producer>;

  constructor(private readonly deps: KafkaPublisherDeps) {
    this.producer = new LazyConnection('producer', () => this.createProducer());
  }

  /**
   * Sends the messages in one `sendBatch`, grouped by topic. Resolves when every partition leader
   * has the messages and all in-sync replicas too (`acks: -1`).
   */
  async send(messages: readonly OutgoingMessage[]): Promise<void> {
    const producer = await this.producer.get();
    try {
      await producer.sendBatch({ acks: -1, topicMessages: groupByTopic(messages) });
    } catch (error) {
      throw toTransportError(error, 'publishing');
    }
  }

  async close(): Promise<void> {
    await this.producer.close();
  }

  private async createProducer(): Promise<Producer> {
    const idempotent = await this.idempotence();
    return this.deps.kafka.producer({
      // The Java client's murmur2 partitioner: a key lands on the same partition whichever client wrote it.
      createPartitioner: Partitioners.DefaultPartitioner,
      // kafkajs keeps a partition's order across retries only with one request in flight.
      ...(idempotent ? { maxInFlightRequests: 1 } : {}),
      ...this.deps.producerConfig,
      idempotent,
    });
  }

  /**
   * kafkajs asks the controller for a producer id, so idempotence needs a cluster that reports
   * a controller among its brokers (librdkafka's mock cluster, for one, does not).
   */
  private async idempotence(): Promise<boolean> {
    const setting = this.deps.idempotent;
    if (setting === false) return false;
    const admin = await this.deps.admin.get();
    let cluster: Awaited<ReturnType<Admin['describeCluster']>>;
    try {
      cluster = await admin.describeCluster();
    } catch (error) {
      throw toTransportError(error, 'describing the cluster');
    }
    const brokerIds = cluster.brokers.map((b) => b.nodeId);
    if (brokerIds.includes(cluster.controller ?? Number.NaN)) return true;
    if (setting === true) {
      throw new ConfigurationError(
        `an idempotent producer was requested, but the cluster reports controller ` +
          `${String(cluster.controller)} outside its brokers [${brokerIds.join(', ')}]; ` +
          `set idempotent to 'auto' or false for this cluster`,
      );
    }
    this.deps.logger.warn(
      { controller: cluster.controller, brokers: brokerIds },
      'the cluster cannot serve an idempotent producer; publishing without idempotence',
    );
    return false;
  }
}
