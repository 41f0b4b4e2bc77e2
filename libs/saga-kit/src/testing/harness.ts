import type { DescFile, DescMessage, Message } from '@bufbuild/protobuf';
import { pino, type Logger } from 'pino';
import { ManualClock } from '../adapters/memory/manual-clock';
import { MemoryJobQueue } from '../adapters/memory/memory-job-queue';
import { MemoryAuditLog } from '../adapters/memory/memory-audit-log';
import { MemoryEventStore } from '../adapters/memory/memory-event-store';
import { MemoryTransport } from '../adapters/memory/memory-transport';
import { DeadLetterSchema, type DeadLetter } from '../gen/sagakit/v1/dead_letter_pb';
import {
  CommandBookSchema,
  type CommandBook,
  type CommandOutcome,
  type EventPage,
} from '../gen/sagakit/v1/envelope_pb';
import type { Topics } from '../messaging/topics';
import { decode, TypeRegistry } from '../messaging/type-registry';
import type { AuditEntry } from '../ports/audit-log.port';
import { buildCommandBook, type CommandBookInit } from '../runtime/envelope/command-book';
import { commandMessage } from '../runtime/envelope/outgoing-messages';
import { createRuntime, type SagaKitRuntime } from '../runtime/service/saga-kit-runtime';
import type { RuntimeOptions } from '../runtime/service/runtime-options';
import { aggregateOf, sagaOf, type DefinitionSource } from './definition-source';

/** Options of {@link createHarness}. */
export interface HarnessOptions extends Partial<
  Omit<
    RuntimeOptions,
    'transport' | 'store' | 'outbox' | 'audit' | 'registry' | 'clock' | 'aggregates' | 'sagas'
  >
> {
  /** Aggregate classes, instances or definitions. */
  aggregates?: readonly DefinitionSource[];
  /** Saga classes, instances or definitions. */
  sagas?: readonly DefinitionSource[];
  /** Files and schemas of the domain's messages. */
  registryFiles?: readonly (DescFile | DescMessage)[];
  clock?: ManualClock;
  /** Partitions per topic (default 4). */
  partitions?: number;
}

/** A command to send: a full command book, or what a gateway knows. */
export type HarnessCommand = CommandBook | CommandBookInit;

/** A whole saga-kit system in memory: memory transport, store, audit log and a manual clock. */
export interface Harness {
  readonly runtime: SagaKitRuntime;
  readonly transport: MemoryTransport;
  readonly store: MemoryEventStore;
  readonly audit: MemoryAuditLog;
  readonly clock: ManualClock;
  readonly registry: TypeRegistry;
  readonly topics: Topics;
  /** Handles a command in-process (as a gateway would) and returns its outcome. */
  send(command: HarnessCommand): Promise<CommandOutcome>;
  /** Publishes a command to its commands topic, to go through the consumer like a saga's. */
  publish(command: HarnessCommand): Promise<CommandBook>;
  /** Resolves when the outbox is empty and no message is pending or in flight. */
  waitForIdle(): Promise<void>;
  /** The stored events of an aggregate, decoded, as written (no read-time transforms). */
  history(domain: string, root: string): Promise<Message[]>;
  /** The stored pages of an aggregate. */
  pages(domain: string, root: string): Promise<EventPage[]>;
  /** The current state of an aggregate, rebuilt as for commands. */
  state<S>(domain: string, root: string): Promise<S>;
  /** Every audit entry of a correlation id, oldest first. */
  timeline(correlationId: string): Promise<AuditEntry[]>;
  /** The dead letters published to a domain's DLQ. */
  deadLetters(domain: string): DeadLetter[];
  stop(): Promise<void>;
}

/** An idle wait that keeps finding work this many times is a runaway flow, not a slow one. */
const MAX_IDLE_ROUNDS = 1000;

/** Creates and starts an in-memory harness. Retries never wait: the harness's sleep is instant. */
export async function createHarness(options: HarnessOptions = {}): Promise<Harness> {
  const { aggregates = [], sagas = [], registryFiles = [], partitions, ...rest } = options;
  const clock = options.clock ?? new ManualClock();
  const transport = new MemoryTransport({ clock, ...(partitions ? { partitions } : {}) });
  const store = new MemoryEventStore();
  const audit = new MemoryAuditLog();
  const registry = new TypeRegistry(...registryFiles);
  const logger: Logger = options.logger ?? pino({ level: 'silent' });
  const runtime = createRuntime({
    sleep: () => Promise.resolve(),
    relay: { pollIntervalMs: 0 },
    // Deadlines are swept on demand (`runtime.failure.deadlines.runOnce()`), as the clock is manual.
    scheduler: new MemoryJobQueue(),
    deadlines: { pollIntervalMs: 0 },
    // Timers fire on demand too (`runtime.timers.runOnce()` after `clock.advance(...)`).
    timers: { queue: new MemoryJobQueue(), pollIntervalMs: 0 },
    ...rest,
    ...(rest.escalation?.webhooks?.length && !rest.escalation.queue
      ? { escalation: { ...rest.escalation, queue: new MemoryJobQueue() } }
      : {}),
    logger,
    transport,
    store,
    outbox: store,
    audit,
    clock,
    registry,
    aggregates: aggregates.map((a) => aggregateOf(a)),
    sagas: sagas.map((s) => sagaOf(s)),
  });
  // Publish as soon as an append queues something, as a real relay's nudge does.
  store.onOutbox(() => runtime.relay.nudge());
  await runtime.start();
  const book = (command: HarnessCommand): CommandBook =>
    '$typeName' in command && command.$typeName === CommandBookSchema.typeName
      ? command
      : buildCommandBook(registry, command as CommandBookInit);

  const harness: Harness = {
    runtime,
    transport,
    store,
    audit,
    clock,
    registry,
    topics: runtime.topics,
    send: (command) => runtime.send(book(command)),
    async publish(command) {
      const b = book(command);
      await transport.publish([commandMessage(runtime.topics, b)]);
      return b;
    },
    async waitForIdle() {
      for (let round = 0; round < MAX_IDLE_ROUNDS; round++) {
        await runtime.relay.flush();
        await transport.whenIdle();
        if ((await store.pending(1)).length === 0) return;
      }
      throw new Error(`the system did not settle after ${MAX_IDLE_ROUNDS} rounds`);
    },
    async history(domain, root) {
      const loaded = await store.load({ domain, root });
      return loaded.pages.flatMap((p) => (p.event ? [registry.unpack(p.event)] : []));
    },
    async pages(domain, root) {
      return (await store.load({ domain, root })).pages;
    },
    async state<S>(domain: string, root: string) {
      return (await runtime.load(domain, root)).state as S;
    },
    timeline: (correlationId) => audit.timeline(correlationId),
    deadLetters: (domain) =>
      transport
        .messages(runtime.topics.dlq(domain))
        .map((m) => decode(DeadLetterSchema, m.value, 'DeadLetter')),
    async stop() {
      await runtime.stop();
      await transport.close();
    },
  };
  return harness;
}
