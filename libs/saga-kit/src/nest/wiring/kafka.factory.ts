import { Kafka, logLevel, type Admin } from 'kafkajs';
import type { Logger } from 'pino';
import { KafkaTransport } from '../../adapters/kafka/kafka-transport.adapter';
import { KafkaTransportEvents } from '../../adapters/kafka/kafka-transport.events';
import type { KafkaTransportConfig } from '../module/saga-kit-module-options.interface';
import { withTimeout, type BuiltPort } from './saga-kit-adapters';

/** How long `GET /health` waits for the cluster to answer. */
const DESCRIBE_TIMEOUT_MS = 5000;

/**
 * A Kafka transport and its health check: the cluster answers a metadata request (on an admin
 * connection of its own, so a check never competes with consumers) and no consumer crashed
 * for good.
 */
export function kafkaTransport(
  config: KafkaTransportConfig,
  service: string,
  logger: Logger,
): BuiltPort<KafkaTransport> {
  const { kind: _kind, clientId, ...options } = config;
  const id = clientId ?? service;
  const transport = new KafkaTransport({ ...options, clientId: id, logger });
  let crashed: string | undefined;
  transport.on(KafkaTransportEvents.Crash, (event) => {
    if (!event.restart) {
      crashed = `${event.groupId}: ${event.error instanceof Error ? event.error.message : String(event.error)}`;
    }
  });
  const kafka = new Kafka({
    clientId: `${id}-health`,
    brokers: options.brokers,
    ssl: options.ssl,
    sasl: options.sasl,
    logLevel: logLevel.NOTHING,
  });
  let admin: Promise<Admin> | undefined;
  const connected = (): Promise<Admin> => {
    admin ??= (async () => {
      const a = kafka.admin();
      await a.connect();
      return a;
    })().catch((error: unknown) => {
      admin = undefined;
      throw error;
    });
    return admin;
  };
  return {
    port: transport,
    async check() {
      if (crashed) throw new Error(`a consumer stopped after a crash: ${crashed}`);
      await withTimeout(
        connected().then((a) => a.describeCluster()),
        DESCRIBE_TIMEOUT_MS,
        'kafka describeCluster',
      );
    },
    async close() {
      await transport.close();
      const pending = admin;
      admin = undefined;
      await pending?.then((a) => a.disconnect()).catch(() => undefined);
    },
  };
}
