import { connect } from 'node:net';
import type { Kafka } from 'kafkajs';

const COMMAND_TIMEOUT_MS = 10_000;

/**
 * Runtime control of the test Kafka: topic creation everywhere, fault injection on the
 * librdkafka mock only. Faults are cluster-wide: on the shared mock they hit every suite
 * running in parallel, so a suite that injects faults should start its own cluster with
 * `startKafkaMock()`.
 */
export interface KafkaControl {
  /** Creates a topic; resolves false if it already existed (like kafkajs `createTopics`). */
  createTopic(name: string, partitions: number): Promise<boolean>;
  /** Closes the broker's connections and refuses new ones; partitions do not move. -1: all. */
  brokerDown(brokerId: number): Promise<void>;
  /** Lets the broker accept connections again. -1: all. */
  brokerUp(brokerId: number): Promise<void>;
  /** The next requests of type `apiKey` (any broker) fail with these codes, in order. */
  pushRequestErrors(apiKey: number, errorCodes: readonly number[]): Promise<void>;
  /** Drops the errors still queued for `apiKey`. */
  clearRequestErrors(apiKey: number): Promise<void>;
  /** Delays every response of the broker by `ms`. -1: all brokers; 0 removes the delay. */
  setRtt(brokerId: number, ms: number): Promise<void>;
}

/** A command the mock broker answered with `error <code> <message>`. */
export class KafkaMockCommandError extends Error {
  override readonly name = 'KafkaMockCommandError';

  constructor(
    readonly code: string,
    message: string,
    readonly command: string,
  ) {
    super(`kafka-mock refused "${command}": ${code} ${message}`);
  }
}

/** Duck-typed guard: the error may come from another module instance. */
export function isKafkaMockCommandError(error: unknown): error is KafkaMockCommandError {
  return error instanceof Error && error.name === 'KafkaMockCommandError' && 'code' in error;
}

/**
 * Sends one command line to the mock's control channel (`host:port`) and returns the detail
 * of its `ok` reply. One connection per command keeps no socket open between tests.
 */
export function sendMockCommand(address: string, command: string): Promise<string> {
  return new Promise((resolve, reject) => {
    // Thrown here, these reject the promise instead of escaping synchronously.
    if (/[\r\n]/.test(command)) throw new TypeError('a mock command is a single line');
    const { host, port } = parseAddress(address);
    let received = '';
    const socket = connect({ host, port });
    socket.setEncoding('utf8');
    socket.setTimeout(COMMAND_TIMEOUT_MS, () =>
      socket.destroy(new Error(`kafka-mock at ${address} did not answer "${command}"`)),
    );
    socket.on('connect', () => socket.write(`${command}\n`));
    socket.on('data', (chunk: string) => {
      received += chunk;
      const end = received.indexOf('\n');
      if (end < 0) return;
      socket.destroy();
      const line = received.slice(0, end);
      const ok = /^ok(?: (.*))?$/.exec(line);
      if (ok) return resolve(ok[1] ?? '');
      const error = /^error (\S+) ?(.*)$/.exec(line);
      reject(
        error
          ? new KafkaMockCommandError(error[1]!, error[2]!, command)
          : new Error(`kafka-mock sent an unreadable reply to "${command}": ${line}`),
      );
    });
    socket.on('error', (error) =>
      reject(
        new Error(`kafka-mock control channel ${address}: ${error.message}`, { cause: error }),
      ),
    );
    socket.on('close', () =>
      reject(new Error(`kafka-mock at ${address} closed the connection during "${command}"`)),
    );
  });
}

/** Control of a librdkafka mock cluster through its control channel. */
export function mockKafkaControl(address: string): KafkaControl {
  const send = (command: string): Promise<string> => sendMockCommand(address, command);
  return {
    async createTopic(name, partitions) {
      try {
        await send(`create_topic ${name} ${integer(partitions)}`);
        return true;
      } catch (error) {
        if (isKafkaMockCommandError(error) && error.code === 'TOPIC_ALREADY_EXISTS') return false;
        throw error;
      }
    },
    brokerDown: async (brokerId) => void (await send(`broker_down ${integer(brokerId)}`)),
    brokerUp: async (brokerId) => void (await send(`broker_up ${integer(brokerId)}`)),
    async pushRequestErrors(apiKey, errorCodes) {
      if (errorCodes.length === 0) throw new RangeError('pushRequestErrors needs error codes');
      await send(`push_request_errors ${integer(apiKey)} ${errorCodes.map(integer).join(' ')}`);
    },
    clearRequestErrors: async (apiKey) =>
      void (await send(`clear_request_errors ${integer(apiKey)}`)),
    setRtt: async (brokerId, ms) =>
      void (await send(`set_rtt ${integer(brokerId)} ${integer(ms)}`)),
  };
}

/** Control of a real cluster: topics through the admin API; faults cannot be injected. */
export function realKafkaControl(kafka: Kafka): KafkaControl {
  const unsupported = (what: string) => (): Promise<never> =>
    Promise.reject(
      new Error(
        `${what} needs the librdkafka mock broker, but KAFKA_BROKERS points at a real Kafka. ` +
          'Skip this test when isKafkaMock() is false, or start a private mock with startKafkaMock().',
      ),
    );
  return {
    async createTopic(name, partitions) {
      const admin = kafka.admin();
      await admin.connect();
      try {
        return await admin.createTopics({
          topics: [{ topic: name, numPartitions: integer(partitions) }],
          waitForLeaders: true,
        });
      } finally {
        await admin.disconnect();
      }
    },
    brokerDown: unsupported('brokerDown'),
    brokerUp: unsupported('brokerUp'),
    pushRequestErrors: unsupported('pushRequestErrors'),
    clearRequestErrors: unsupported('clearRequestErrors'),
    setRtt: unsupported('setRtt'),
  };
}

function integer(value: number): number {
  if (!Number.isSafeInteger(value)) throw new TypeError(`expected an integer, got ${value}`);
  return value;
}

function parseAddress(address: string): { host: string; port: number } {
  const match = /^(.+):(\d+)$/.exec(address);
  if (!match) throw new TypeError(`expected host:port, got "${address}"`);
  return { host: match[1]!, port: Number(match[2]) };
}
