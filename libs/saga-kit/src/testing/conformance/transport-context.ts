import { afterEach, beforeEach } from '@jest/globals';
import type { IncomingMessage, MessageHandler, Transport } from '../../ports/transport.port';
import {
  DEFAULT_WAIT_TIMEOUT_MS,
  testTimeout,
  type TransportConformanceFactory,
} from './conformance-factory';
import { text, uniqueNames } from './fixtures';
import { waitFor } from './wait-for';

/** What each transport conformance test gets: a fresh transport and unique names. */
export interface TransportTestContext {
  readonly transport: Transport;
  readonly waitMs: number;
  readonly timeout: number;
  readonly oversizedBytes: number;
  /** A unique topic name, created with `partitions` partitions when the factory can create topics. */
  topic(label: string, partitions?: number): Promise<string>;
  /** Creates a topic through the factory, if it can; otherwise the transport creates it on first use. */
  createTopic(topic: string, partitions: number): Promise<void>;
  /** A unique name, for a topic the test creates itself later. */
  name(label: string): string;
  /** A unique consumer-group id. */
  group(label: string): string;
  waitFor(condition: () => boolean, what: string, explain?: () => string): Promise<void>;
}

/** Declares the per-test setup and teardown, and returns the context the tests read. */
export function useTransport(factory: TransportConformanceFactory): TransportTestContext {
  const names = uniqueNames('transport');
  const waitMs = factory.waitTimeoutMs ?? DEFAULT_WAIT_TIMEOUT_MS;
  let current: Transport | undefined;

  beforeEach(async () => {
    current = await factory.create();
  });
  afterEach(async () => {
    const transport = current;
    current = undefined;
    if (!transport) return;
    await (factory.dispose ? factory.dispose(transport) : transport.close());
  });

  const createTopic = async (topic: string, partitions: number): Promise<void> => {
    await factory.createTopic?.(topic, partitions);
  };

  return {
    get transport(): Transport {
      if (!current) throw new Error('the transport is only available inside a test');
      return current;
    },
    waitMs,
    timeout: testTimeout(factory),
    oversizedBytes: factory.oversizedBytes ?? 2 * 1024 * 1024,
    async topic(label, partitions = 4) {
      const topic = names(label);
      await createTopic(topic, partitions);
      return topic;
    },
    createTopic,
    name: names,
    group: (label) => names(`group-${label}`),
    waitFor: (condition, what, explain) => waitFor(condition, waitMs, what, explain),
  };
}

/** Records what a subscriber receives; message values are text in these suites. */
export class Recorder {
  readonly received: IncomingMessage[] = [];
  private readonly onMessage: (message: IncomingMessage) => Promise<void>;

  constructor(onMessage: (message: IncomingMessage) => Promise<void> = () => Promise.resolve()) {
    this.onMessage = onMessage;
  }

  readonly handler: MessageHandler = async (message) => {
    this.received.push(message);
    await this.onMessage(message);
  };

  values(): string[] {
    return this.received.map((m) => text(m.value));
  }

  distinct(): Set<string> {
    return new Set(this.values());
  }

  has(...values: string[]): boolean {
    const seen = this.distinct();
    return values.every((v) => seen.has(v));
  }
}
