import { describe, expect, it } from '@jest/globals';
import { isKafkaMock, uniqueName } from '../../../../../test/infra';
import { ConfigurationError } from '../../errors/configuration.error';
import type { OutgoingMessage } from '../../ports/transport.port';
import { encode, LogRecorder, testTransport } from './kafka-fixtures.spec';

const TIMEOUT_MS = 60_000;

const msg = (topic: string, key: string, value: string): OutgoingMessage => ({
  topic,
  key,
  value: encode(value),
  headers: {},
});

const name = (label: string): string => uniqueName(`kafka-publisher.${label}`);

describe('KafkaTransport producer and provisioning', () => {
  it(
    'uses an idempotent producer only where the cluster can serve one',
    async () => {
      const logs = new LogRecorder();
      const auto = testTransport({ logger: logs.logger });
      const strict = testTransport({ idempotent: true });
      const topic = name('idempotence');
      try {
        await auto.publish([msg(topic, 'k', 'v')]);
        if (isKafkaMock()) {
          // The mock reports no controller among its brokers: kafkajs could not get a producer id.
          expect(
            logs.has(
              (r) =>
                r['msg'] ===
                'the cluster cannot serve an idempotent producer; publishing without idempotence',
            ),
          ).toBe(true);
          await expect(strict.publish([msg(topic, 'k', 'v')])).rejects.toBeInstanceOf(
            ConfigurationError,
          );
        } else {
          await strict.publish([msg(topic, 'k', 'v')]);
        }
      } finally {
        await Promise.all([auto.close(), strict.close()]);
      }
    },
    TIMEOUT_MS,
  );

  it(
    'provisions topics where the cluster allows it, and carries on where it does not',
    async () => {
      const logs = new LogRecorder();
      const transport = testTransport({ logger: logs.logger, provisionTopics: { partitions: 3 } });
      const topic = name('provisioned');
      try {
        await transport.ensureTopics([topic]);
        const failed = logs.has((r) => String(r['msg']).startsWith('topic provisioning failed'));
        // The mock refuses CreateTopics; a real cluster creates the topic.
        expect(failed).toBe(isKafkaMock());
        await transport.publish([msg(topic, 'k', 'v')]);
      } finally {
        await transport.close();
      }
    },
    TIMEOUT_MS,
  );
});
