import { isKafkaMock, kafkaControl } from '../../../../../test/infra';
import { transportConformance } from '../../testing/conformance';
import { testTransport } from './kafka-fixtures.spec';

transportConformance('KafkaTransport', {
  create: () => Promise.resolve(testTransport()),
  // On the mock, topics come from its control channel; on a real cluster, from the admin API.
  createTopic: async (topic, partitions) => {
    await kafkaControl().createTopic(topic, partitions);
  },
  waitTimeoutMs: isKafkaMock() ? 20_000 : 30_000,
});
