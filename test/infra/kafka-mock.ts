import { spawnSync } from 'node:child_process';
import { existsSync, renameSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { mockKafkaControl, sendMockCommand, type KafkaControl } from './kafka-control';
import { OwnedProcess } from './owned-process';

const TOOL_DIR = resolve(__dirname, '../../tools/kafka-mock');
const SOURCE = join(TOOL_DIR, 'kafka-mock.c');
const BINARY = join(TOOL_DIR, 'kafka-mock');
const STARTUP_TIMEOUT_MS = 15_000;
/** The most brokers kafka-mock starts (MAX_BROKERS in kafka-mock.c). */
export const MAX_MOCK_BROKERS = 1024;

/** A running librdkafka mock cluster owned by the caller. */
export interface KafkaMock {
  /** Bootstrap servers for kafkajs `brokers`; broker ids are 1..N in this order. */
  readonly brokers: string[];
  /** `host:port` of the control channel (the value of KAFKA_MOCK_CONTROL). */
  readonly controlAddress: string;
  readonly control: KafkaControl;
  readonly pid: number | undefined;
  /** Stops the cluster; idempotent. */
  stop(): Promise<void>;
}

/**
 * Compiles tools/kafka-mock when the binary is missing or older than its source. The binary
 * is written under a temporary name and renamed, so concurrent callers never run a
 * half-written file.
 */
export function ensureKafkaMockBinary(): string {
  if (existsSync(BINARY) && statSync(BINARY).mtimeMs >= statSync(SOURCE).mtimeMs) return BINARY;
  const partial = join(TOOL_DIR, `.kafka-mock.${process.pid}.partial`);
  try {
    const cc = spawnSync(
      process.env['CC'] ?? 'cc',
      ['-O2', '-Wall', '-o', partial, SOURCE, '-lrdkafka'],
      { encoding: 'utf8' },
    );
    if (cc.error || cc.status !== 0) {
      throw new Error(
        'Cannot build the Kafka mock broker (tools/kafka-mock/kafka-mock.c). It needs a C ' +
          'compiler and librdkafka: `apt-get install -y build-essential librdkafka-dev`. ' +
          'Or set KAFKA_BROKERS to a real Kafka (docker compose up -d kafka).\n' +
          (cc.error?.message ?? cc.stderr),
      );
    }
    renameSync(partial, BINARY);
    return BINARY;
  } finally {
    rmSync(partial, { force: true });
  }
}

/**
 * Starts a private mock cluster of `brokers` brokers. Use it for suites that inject faults,
 * which would otherwise disturb every suite sharing the global one.
 */
export async function startKafkaMock(options: { brokers?: number } = {}): Promise<KafkaMock> {
  const brokers = options.brokers ?? 3;
  if (!Number.isInteger(brokers) || brokers < 1 || brokers > MAX_MOCK_BROKERS) {
    throw new RangeError(
      `a Kafka mock cluster has 1 to ${MAX_MOCK_BROKERS} brokers, not ${String(brokers)}`,
    );
  }
  const binary = ensureKafkaMockBinary();
  const mock = OwnedProcess.spawn('kafka-mock', binary, [String(brokers)], {
    // KAFKA_MOCK_DEBUG (e.g. "mock,protocol") turns on librdkafka's debug logs: show them.
    echo: (process.env['KAFKA_MOCK_DEBUG'] ?? '') !== '',
  });
  try {
    const [bootstraps, controlLine] = await mock.firstStdoutLines(2, STARTUP_TIMEOUT_MS);
    const controlAddress = /^control (\S+)$/.exec(controlLine!)?.[1];
    if (!bootstraps || !controlAddress) throw mock.failure('printed an unexpected banner');
    await sendMockCommand(controlAddress, 'ping');
    return {
      brokers: bootstraps.split(','),
      controlAddress,
      control: mockKafkaControl(controlAddress),
      pid: mock.pid,
      stop: async () => void (await mock.stop()),
    };
  } catch (error) {
    await mock.stop();
    throw error;
  }
}
