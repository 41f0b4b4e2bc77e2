import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import type { Kafka, KafkaMessage } from 'kafkajs';
import {
  ensureKafkaMockBinary,
  isKafkaMockCommandError,
  KAFKA_API_KEY,
  KAFKA_ERROR_CODE,
  kafkaControl,
  MAX_MOCK_BROKERS,
  sendMockCommand,
  startKafkaMock,
  TEST_CONSUMER_CONFIG,
  testKafka,
  uniqueName,
  waitFor,
  waitForGroupJoin,
  type KafkaMock,
} from './index';

describe('test Kafka (mock or KAFKA_BROKERS)', () => {
  const kafka = testKafka('infra-smoke');

  it('creates a topic through the control channel with the requested partitions', async () => {
    const topic = uniqueName('infra-topic');

    expect(await kafkaControl().createTopic(topic, 3)).toBe(true);
    expect(await kafkaControl().createTopic(topic, 3)).toBe(false);

    const admin = kafka.admin();
    await admin.connect();
    try {
      const { topics } = await admin.fetchTopicMetadata({ topics: [topic] });
      // 3, not the 4 of auto-creation: the topic really came from createTopic.
      expect(topics[0]?.partitions).toHaveLength(3);
    } finally {
      await admin.disconnect();
    }
  });

  it('delivers a message with its key and headers from a producer to a consumer group', async () => {
    const topic = uniqueName('infra-exchange');
    await kafkaControl().createTopic(topic, 2);
    const producer = kafka.producer();
    const consumer = kafka.consumer({
      groupId: uniqueName('infra-group'),
      ...TEST_CONSUMER_CONFIG,
    });
    const received: KafkaMessage[] = [];
    try {
      await Promise.all([producer.connect(), consumer.connect()]);
      await consumer.subscribe({ topic, fromBeginning: true });
      const joined = waitForGroupJoin(consumer);
      await consumer.run({
        eachMessage: ({ message }) => {
          received.push(message);
          return Promise.resolve();
        },
      });
      await joined;

      await producer.send({
        topic,
        messages: [{ key: 'hand-1', value: 'dealt', headers: { 'x-correlation-id': 'corr-1' } }],
      });

      const message = await waitFor(() => received[0], { message: 'the message to arrive' });
      expect(message.key?.toString()).toBe('hand-1');
      expect(message.value?.toString()).toBe('dealt');
      expect(message.headers?.['x-correlation-id']?.toString()).toBe('corr-1');
    } finally {
      await Promise.all([producer.disconnect(), consumer.disconnect()]);
    }
  });
});

// Faults are cluster-wide, so they are injected into a private cluster, never the shared one.
describe('fault injection into a private mock', () => {
  let mock: KafkaMock;
  let kafka: Kafka;

  beforeAll(async () => {
    mock = await startKafkaMock({ brokers: 1 });
    kafka = testKafka('infra-faults', {
      brokers: mock.brokers,
      retry: { initialRetryTime: 20, maxRetryTime: 100, retries: 2 },
    });
  });
  afterAll(() => mock?.stop());

  it('fails a produce with the pushed non-retriable error code', async () => {
    const topic = uniqueName('infra-fault-code');
    await mock.control.createTopic(topic, 1);
    const producer = kafka.producer();
    await producer.connect();
    try {
      await mock.control.pushRequestErrors(KAFKA_API_KEY.Produce, [
        KAFKA_ERROR_CODE.TopicAuthorizationFailed,
      ]);

      await expect(producer.send({ topic, messages: [{ value: 'x' }] })).rejects.toMatchObject({
        type: 'TOPIC_AUTHORIZATION_FAILED',
      });
      // The error was used up: the next send goes through.
      await expect(producer.send({ topic, messages: [{ value: 'y' }] })).resolves.toEqual([
        expect.objectContaining({ topicName: topic, errorCode: 0 }),
      ]);
    } finally {
      await producer.disconnect();
    }
  });

  it('lets kafkajs retry past pushed retriable errors', async () => {
    const topic = uniqueName('infra-fault-retry');
    await mock.control.createTopic(topic, 1);
    const producer = kafka.producer();
    const produceRequests: number[] = [];
    producer.on(producer.events.REQUEST, ({ payload }) => {
      if (payload.apiKey === KAFKA_API_KEY.Produce) produceRequests.push(payload.correlationId);
    });
    await producer.connect();
    try {
      await mock.control.pushRequestErrors(KAFKA_API_KEY.Produce, [
        KAFKA_ERROR_CODE.NotLeaderOrFollower,
        KAFKA_ERROR_CODE.NotLeaderOrFollower,
      ]);

      await producer.send({ topic, messages: [{ value: 'x' }] });

      expect(produceRequests).toHaveLength(3); // two refused, then accepted
    } finally {
      await producer.disconnect();
    }
  });

  it('makes a send fail while the broker is down and succeed once it is back up', async () => {
    const topic = uniqueName('infra-fault-down');
    await mock.control.createTopic(topic, 1);
    const producer = kafka.producer();
    await producer.connect();
    try {
      await producer.send({ topic, messages: [{ value: 'before' }] });

      await mock.control.brokerDown(1);
      await expect(producer.send({ topic, messages: [{ value: 'down' }] })).rejects.toThrow();

      await mock.control.brokerUp(1);
      await expect(producer.send({ topic, messages: [{ value: 'after' }] })).resolves.toEqual([
        expect.objectContaining({ topicName: topic, errorCode: 0 }),
      ]);
    } finally {
      await mock.control.brokerUp(1);
      await producer.disconnect();
    }
  });

  it('answers a command it cannot carry out with an error', async () => {
    const refusal = await mock.control.brokerDown(99).catch((error: unknown) => error);

    expect(isKafkaMockCommandError(refusal)).toBe(true);
    expect(refusal).toMatchObject({ code: 'BROKER_NOT_AVAILABLE' });
  });
});

describe('startKafkaMock', () => {
  it('refuses a broker count the mock cannot start, with the range it can', async () => {
    for (const brokers of [0, -1, 2.5, MAX_MOCK_BROKERS + 1]) {
      await expect(startKafkaMock({ brokers })).rejects.toThrow(
        `a Kafka mock cluster has 1 to ${MAX_MOCK_BROKERS} brokers, not ${brokers}`,
      );
    }
  });
});

// Each test starts its own mock: they run whichever cluster the other suites use.
describe('the mock binary', () => {
  // Longer than the 16 KiB the mock reads of one command line.
  const tooLong = `create_topic ${'t'.repeat(20_000)} 1`;

  it('starts a cluster of more than 16 brokers', async () => {
    const mock = await startKafkaMock({ brokers: 17 });
    try {
      expect(mock.brokers).toHaveLength(17);
      // The reply carries every broker, not a truncated list.
      await expect(sendMockCommand(mock.controlAddress, 'bootstraps')).resolves.toBe(
        mock.brokers.join(','),
      );
      const admin = testKafka('infra-17-brokers', { brokers: mock.brokers }).admin();
      await admin.connect();
      try {
        const { brokers } = await admin.describeCluster();
        expect(brokers.map((broker) => broker.nodeId).sort((a, b) => a - b)).toEqual(
          Array.from({ length: 17 }, (_, i) => i + 1),
        );
      } finally {
        await admin.disconnect();
      }
    } finally {
      await mock.stop();
    }
  });

  it('answers a too-long command line on stdin with an error and goes on serving', async () => {
    const child = spawn(ensureKafkaMockBinary(), ['1'], { stdio: ['pipe', 'pipe', 'inherit'] });
    const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
    const next = async (): Promise<string | undefined> => {
      const line = await lines.next();
      return line.done ? undefined : line.value;
    };
    try {
      await next(); // bootstrap servers
      await next(); // control channel address
      child.stdin.write(`${tooLong}\nping\n`);

      await expect(next()).resolves.toBe(
        'error LINE_TOO_LONG command lines are limited to 16384 bytes',
      );
      await expect(next()).resolves.toBe('ok pong');
      // A long line within the limit is a command like any other.
      child.stdin.write(`push_request_errors 0 ${Array(600).fill(6).join(' ')}\n`);
      await expect(next()).resolves.toBe('ok');
    } finally {
      const exited = once(child, 'exit');
      child.stdin.end(); // EOF on stdin: the mock exits
      expect(await exited).toEqual([0, null]);
    }
  });

  it('answers a too-long command line on the control channel with an error', async () => {
    const mock = await startKafkaMock({ brokers: 1 });
    try {
      await expect(sendMockCommand(mock.controlAddress, tooLong)).rejects.toMatchObject({
        code: 'LINE_TOO_LONG',
      });
      await expect(sendMockCommand(mock.controlAddress, 'ping')).resolves.toBe('pong');
      // The longest legal topic name, 249 characters.
      await expect(mock.control.createTopic('t'.repeat(249), 1)).resolves.toBe(true);
    } finally {
      await mock.stop();
    }
  });
});
