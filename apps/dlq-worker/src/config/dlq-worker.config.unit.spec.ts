import { DEFAULT_KEY_PREFIX, DEFAULT_TOPIC_PREFIX } from '@saga-kit/core';
import { DlqWorkerConfigError, loadDlqWorkerConfig } from './dlq-worker.config';

const REQUIRED = {
  KAFKA_BROKERS: 'kafka-1:9092, kafka-2:9092',
  REDIS_URL: 'redis://redis:6379',
  DLQ_API_TOKEN: 'a-token-of-24-characters',
};

describe('loadDlqWorkerConfig', () => {
  it('reads the brokers, Redis and token, and defaults the rest', () => {
    expect(loadDlqWorkerConfig(REQUIRED)).toMatchObject({
      kafka: {
        brokers: ['kafka-1:9092', 'kafka-2:9092'],
        clientId: 'dlq-worker',
        groupId: `${DEFAULT_TOPIC_PREFIX}.dlq-worker`,
      },
      redisUrl: 'redis://redis:6379',
      topicPrefix: DEFAULT_TOPIC_PREFIX,
      store: { keyPrefix: `${DEFAULT_KEY_PREFIX}:dlq` },
      auth: { token: REQUIRED.DLQ_API_TOKEN, reads: true },
      maskFields: [],
      port: 3004,
    });
    expect(loadDlqWorkerConfig({ ...REQUIRED, PORT: ' ' }).port).toBe(3004);
    expect(loadDlqWorkerConfig({ ...REQUIRED, PORT: '8080' }).port).toBe(8080);
  });

  it.each([
    ['KAFKA_BROKERS', undefined, 'KAFKA_BROKERS must be set'],
    ['KAFKA_BROKERS', ' , ', 'KAFKA_BROKERS must be set'],
    ['KAFKA_BROKERS', 'kafka:9092,kafka', 'KAFKA_BROKERS: "kafka" is not a broker address'],
    ['REDIS_URL', undefined, 'REDIS_URL must be set'],
    ['DLQ_API_TOKEN', 'short', 'DLQ_API_TOKEN must be set to a secret of at least 16'],
    ['DLQ_FETCH_MAX_WAIT_MS', '0', 'DLQ_FETCH_MAX_WAIT_MS must be an integer >= 1, got "0"'],
    ['DLQ_AUTH_READS', 'maybe', 'DLQ_AUTH_READS must be true or false, got "maybe"'],
    ['PORT', 'http', 'PORT must be an integer from 0 to 65535, got "http"'],
    ['PORT', '70000', 'PORT must be an integer from 0 to 65535, got "70000"'],
  ])('refuses to start when %s is %j', (name, value, message) => {
    const env: NodeJS.ProcessEnv = { ...REQUIRED, [name]: value };
    if (value === undefined) delete env[name];
    const load = () => loadDlqWorkerConfig(env);
    expect(load).toThrow(DlqWorkerConfigError);
    expect(load).toThrow(message);
  });
});
