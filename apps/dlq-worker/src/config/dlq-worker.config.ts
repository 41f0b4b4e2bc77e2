import {
  DEFAULT_KEY_PREFIX,
  DEFAULT_TOPIC_PREFIX,
  parseBrokerList,
  portFrom,
} from '@saga-kit/core';

/** Injection token of the worker's {@link DlqWorkerConfig}. */
export const DLQ_WORKER_CONFIG = Symbol('dlq-worker:config');

/** Everything the worker reads from its environment. */
export interface DlqWorkerConfig {
  kafka: {
    brokers: string[];
    clientId: string;
    groupId: string;
    /** How often the DLQ topic pattern looks for new domains. */
    topicRefreshIntervalMs: number;
    /** Longest a fetch waits for data (consumer latency on an idle topic). */
    maxWaitTimeInMs: number;
    /** Group membership timings (kafkajs defaults when absent). */
    group?: { sessionTimeout: number; heartbeatInterval: number; rebalanceTimeout: number };
  };
  redisUrl: string;
  /** Topic prefix: DLQ topics are `{prefix}.{domain}.dlq`. */
  topicPrefix: string;
  /** Key prefix of the services' Redis audit log (to read timelines, and record replays). */
  auditKeyPrefix: string;
  /** Key prefix of the services' Redis event store (where their parking queues live). */
  eventStoreKeyPrefix: string;
  store: { keyPrefix: string; retentionMs: number; maxEntries: number };
  auth: {
    /** Bearer token of the API. Never logged. */
    token: string;
    /** Whether reads need the token too (mutations always do). */
    reads: boolean;
  };
  /** Payload fields shown as `***`. */
  maskFields: string[];
  /** Shared secret of the escalation webhook; without it the receiver refuses every call. */
  escalationSecret: string | undefined;
  /** Escalations older than this are refused (replay protection). */
  escalationToleranceMs: number;
  /** pino level (`LOG_LEVEL`, default `info`). */
  logLevel: string;
  /** HTTP port of the API, the console and the webhook receiver. */
  port: number;
}

/** A missing or malformed setting: the worker refuses to start, saying which and why. */
export class DlqWorkerConfigError extends Error {
  override readonly name = 'DlqWorkerConfigError';
}

const MIN_TOKEN_LENGTH = 16;

/** Reads and checks the worker's settings (see docs/operators.md for the table). */
export function loadDlqWorkerConfig(env: NodeJS.ProcessEnv): DlqWorkerConfig {
  // SAGAKIT_PREFIX is the services' one prefix of topics and Redis keys; the two specific
  // variables override it where a deployment splits them.
  const topicPrefix = env.SAGAKIT_TOPIC_PREFIX || env.SAGAKIT_PREFIX || DEFAULT_TOPIC_PREFIX;
  const keyPrefix = env.SAGAKIT_KEY_PREFIX || env.SAGAKIT_PREFIX || DEFAULT_KEY_PREFIX;
  const token = env.DLQ_API_TOKEN ?? '';
  if (token.length < MIN_TOKEN_LENGTH) {
    throw new DlqWorkerConfigError(
      `DLQ_API_TOKEN must be set to a secret of at least ${MIN_TOKEN_LENGTH} characters`,
    );
  }
  return {
    kafka: {
      brokers: brokersFrom(env),
      clientId: env.KAFKA_CLIENT_ID || 'dlq-worker',
      groupId: env.DLQ_GROUP_ID || `${topicPrefix}.dlq-worker`,
      topicRefreshIntervalMs: int(env, 'DLQ_TOPIC_REFRESH_MS', 30_000, 1),
      maxWaitTimeInMs: int(env, 'DLQ_FETCH_MAX_WAIT_MS', 500, 1),
    },
    redisUrl: required(env, 'REDIS_URL'),
    topicPrefix,
    auditKeyPrefix: keyPrefix,
    eventStoreKeyPrefix: keyPrefix,
    store: {
      keyPrefix: env.DLQ_KEY_PREFIX || `${keyPrefix}:dlq`,
      retentionMs: int(env, 'DLQ_RETENTION_DAYS', 30, 0) * 24 * 60 * 60 * 1000,
      maxEntries: int(env, 'DLQ_MAX_ENTRIES', 100_000, 0),
    },
    auth: { token, reads: bool(env, 'DLQ_AUTH_READS', true) },
    maskFields: list(env.DLQ_MASK_FIELDS ?? ''),
    escalationSecret: env.ESCALATION_WEBHOOK_SECRET || undefined,
    escalationToleranceMs: int(env, 'ESCALATION_TOLERANCE_SECONDS', 300, 1) * 1000,
    logLevel: env.LOG_LEVEL || 'info',
    port: configured(() => portFrom(env.PORT, 3004)),
  };
}

function brokersFrom(env: NodeJS.ProcessEnv): string[] {
  const brokers = configured(() => parseBrokerList(env.KAFKA_BROKERS, 'KAFKA_BROKERS'));
  if (brokers.length === 0) throw new DlqWorkerConfigError('KAFKA_BROKERS must be set');
  return brokers;
}

/** A setting read by the library's parser, whose refusal stops the worker like any other. */
function configured<T>(read: () => T): T {
  try {
    return read();
  } catch (error) {
    throw new DlqWorkerConfigError((error as Error).message);
  }
}

function required(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name];
  if (!value) throw new DlqWorkerConfigError(`${name} must be set`);
  return value;
}

function list(value: string): string[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

function int(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n < min) {
    throw new DlqWorkerConfigError(
      `${name} must be an integer >= ${min}, got ${JSON.stringify(raw)}`,
    );
  }
  return n;
}

function bool(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (/^(true|1|yes)$/i.test(raw)) return true;
  if (/^(false|0|no)$/i.test(raw)) return false;
  throw new DlqWorkerConfigError(`${name} must be true or false, got ${JSON.stringify(raw)}`);
}
