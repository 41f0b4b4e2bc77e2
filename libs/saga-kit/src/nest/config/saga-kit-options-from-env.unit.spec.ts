import { ConfigurationError } from '../../errors/configuration.error';
import { signWebhook, verifyWebhookSignature } from '../../escalation/webhook-signature';
import { sagaKitOptionsFromEnv } from './saga-kit-options-from-env';

describe('sagaKitOptionsFromEnv', () => {
  it('uses the embedded memory adapters when neither Kafka nor Redis is configured', () => {
    expect(sagaKitOptionsFromEnv('hand', {})).toEqual({
      service: 'hand',
      transport: { kind: 'memory' },
      store: { kind: 'memory' },
    });
  });

  it('uses Kafka and Redis, the prefix for topics and keys, and the fetch wait', () => {
    expect(
      sagaKitOptionsFromEnv('table', {
        KAFKA_BROKERS: ' k1:9092, k2:9092 ,',
        REDIS_URL: 'redis://r:6379',
        SAGAKIT_PREFIX: 'poker',
        KAFKA_MAX_WAIT_MS: '50',
      }),
    ).toEqual({
      service: 'table',
      prefix: 'poker',
      transport: {
        kind: 'kafka',
        brokers: ['k1:9092', 'k2:9092'],
        consumer: { maxWaitTimeInMs: 50 },
      },
      store: { kind: 'redis', url: 'redis://r:6379', keyPrefix: 'poker' },
    });
  });

  it('splits the topic and key prefixes as the DLQ worker and the CLI do', () => {
    const env = { REDIS_URL: 'redis://r:6379', SAGAKIT_PREFIX: 'poker' };
    expect(
      sagaKitOptionsFromEnv('table', { ...env, SAGAKIT_TOPIC_PREFIX: 'poker-topics' }),
    ).toMatchObject({ prefix: 'poker-topics', store: { keyPrefix: 'poker' } });
    expect(
      sagaKitOptionsFromEnv('table', { ...env, SAGAKIT_KEY_PREFIX: 'poker-keys' }),
    ).toMatchObject({ prefix: 'poker', store: { keyPrefix: 'poker-keys' } });
  });

  it('refuses a broker list with an entry that is not host:port, naming the variable', () => {
    expect(() => sagaKitOptionsFromEnv('hand', { KAFKA_BROKERS: 'k1:9092,kafka' })).toThrow(
      new ConfigurationError(
        'KAFKA_BROKERS: "kafka" is not a broker address (host:port, port 1-65535)',
      ),
    );
  });

  it('rejects a fetch wait that is not a positive integer, naming the variable', () => {
    expect(() => sagaKitOptionsFromEnv('hand', { KAFKA_MAX_WAIT_MS: 'soon' })).toThrow(
      /KAFKA_MAX_WAIT_MS must be a positive integer, got "soon"/,
    );
  });

  it('turns on a signed escalation webhook, and refuses one without a secret', () => {
    expect(
      sagaKitOptionsFromEnv('table', {
        ESCALATION_WEBHOOK_URL: 'http://floor:3004/webhooks/escalations',
        ESCALATION_WEBHOOK_SECRET: 's3cret',
      }).escalationWebhooks,
    ).toEqual([
      { url: 'http://floor:3004/webhooks/escalations', secret: 's3cret', name: 'escalation' },
    ]);
    expect(() =>
      sagaKitOptionsFromEnv('table', { ESCALATION_WEBHOOK_URL: 'http://floor:3004/x' }),
    ).toThrow(/ESCALATION_WEBHOOK_SECRET is empty/);
  });

  it('signs with the first secret while the shared variable lists several for a rotation', () => {
    const env = {
      ESCALATION_WEBHOOK_URL: 'http://floor:3004/webhooks/escalations',
      ESCALATION_WEBHOOK_SECRET: 'next-secret, current-secret',
    };
    const [webhook] = sagaKitOptionsFromEnv('table', env).escalationWebhooks ?? [];
    expect(webhook?.secret).toBe('next-secret');
    // The receiver (the DLQ worker) reads the same variable as the list of secrets it accepts.
    const body = '{"escalation":1}';
    const at = new Date();
    expect(
      verifyWebhookSignature({
        body,
        headers: signWebhook({ body, secret: webhook!.secret, at }),
        secret: env.ESCALATION_WEBHOOK_SECRET.split(',').map((s) => s.trim()),
        now: at,
      }).valid,
    ).toBe(true);
    expect(() =>
      sagaKitOptionsFromEnv('table', { ...env, ESCALATION_WEBHOOK_SECRET: ' , current' }),
    ).toThrow(/ESCALATION_WEBHOOK_SECRET is empty/);
  });
});
