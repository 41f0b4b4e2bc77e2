import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, type IHeaders } from 'kafkajs';
import { messageToJson } from '../../dlq/dead-letter-json';
import type { CliContext } from '../cli-context';
import { CliUsageError } from '../cli-io';

/** Options of `saga-kit inspect`. */
export interface InspectOptions {
  fromBeginning?: boolean;
  fromEnd?: boolean;
  limit?: number;
  follow?: boolean;
}

/**
 * Prints a topic's messages as JSON lines (`topic, partition, offset, timestamp, key, headers,
 * value`), payloads decoded through the type registry. Without `--follow` it stops at the end
 * offsets the topic had when it started; with `--follow` it waits for more until Ctrl-C.
 */
export async function inspect(
  ctx: CliContext,
  topic: string,
  options: InspectOptions,
): Promise<void> {
  if (options.fromBeginning && options.fromEnd) {
    throw new CliUsageError('--from-beginning and --from-end exclude each other');
  }
  const limit = options.limit ?? Infinity;
  const registry = ctx.registry();
  const kafka = new Kafka({
    clientId: 'saga-kit-cli',
    brokers: ctx.brokers(),
    logLevel: logLevel.NOTHING,
    connectionTimeout: 3_000,
    retry: { retries: 3 },
  });
  const admin = kafka.admin();
  await admin.connect();
  let ends: Map<number, bigint>;
  try {
    const topics = await admin.listTopics();
    if (!topics.includes(topic)) throw new CliUsageError(`no topic ${JSON.stringify(topic)}`);
    const offsets = await admin.fetchTopicOffsets(topic);
    ends = new Map(offsets.map((o) => [o.partition, BigInt(o.high)]));
    if (!options.follow) {
      // Partitions with nothing left to read at the start are done already.
      const starts = options.fromEnd
        ? offsets.map((o) => [o.partition, BigInt(o.high)] as const)
        : offsets.map((o) => [o.partition, BigInt(o.low)] as const);
      for (const [p, start] of starts) if (start >= (ends.get(p) ?? 0n)) ends.delete(p);
    }
  } finally {
    await admin.disconnect();
  }
  if (!options.follow && (ends.size === 0 || limit === 0)) return;
  const consumer = kafka.consumer({
    groupId: `saga-kit-cli-${randomUUID()}`,
    maxWaitTimeInMs: 250,
  });
  let printed = 0;
  let done = false;
  let resolveFinished: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => (resolveFinished = resolve));
  const finish = (): void => {
    done = true;
    resolveFinished();
  };
  ctx.io.signal?.addEventListener('abort', () => finish(), { once: true });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: !options.fromEnd });
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ partition, message }) => {
        if (done) return Promise.resolve();
        const headers = stringHeaders(message.headers);
        ctx.io.out(
          JSON.stringify({
            topic,
            partition,
            offset: message.offset,
            timestamp: new Date(Number(message.timestamp)).toISOString(),
            key: message.key?.toString('utf8') ?? null,
            headers,
            value: messageToJson(message.value ?? Buffer.alloc(0), headers, registry),
          }),
        );
        printed++;
        const end = ends.get(partition);
        if (!options.follow && end !== undefined && BigInt(message.offset) + 1n >= end)
          ends.delete(partition);
        if (printed >= limit || (!options.follow && ends.size === 0)) finish();
        return Promise.resolve();
      },
    });
    await finished;
  } finally {
    await consumer.disconnect();
  }
}

function stringHeaders(headers: IHeaders | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers ?? {})) {
    if (v === undefined) continue;
    out[k] = (Array.isArray(v) ? v : [v]).map((x) => x.toString()).join(',');
  }
  return out;
}
