import type { Logger } from 'pino';

/** Names of the instrumentation events of {@link KafkaTransport}, namespaced like kafkajs' own. */
export const KafkaTransportEvents = {
  /** A subscription's consumer joined its group (first start, kafkajs restart or our restart). */
  GroupJoin: 'consumer.group_join',
  /** A handler rejected; the message will be delivered again after `retryInMs`. */
  HandlerError: 'consumer.handler_error',
  /** A consumer crashed; `restart` tells whether it will be started again. */
  Crash: 'consumer.crash',
  /** The transport replaced a subscription's consumer (new topics matched, or after a crash). */
  Restart: 'consumer.restart',
  /** Committing handled offsets failed; they will be committed with the next ones, or redelivered. */
  CommitError: 'consumer.commit_error',
} as const;

export interface GroupJoinEvent {
  groupId: string;
  memberId: string;
  /** Partitions assigned to this member, by topic. */
  assignment: Record<string, number[]>;
  durationMs: number;
}

export interface HandlerErrorEvent {
  groupId: string;
  topic: string;
  partition: number;
  offset: string;
  /** Consecutive failures of this message in this consumer, starting at 1. */
  attempt: number;
  retryInMs: number;
  error: unknown;
}

export interface CrashEvent {
  groupId: string;
  error: unknown;
  restart: boolean;
}

export interface RestartEvent {
  groupId: string;
  reason: 'new-topics' | 'crash';
  topics: string[];
}

export interface CommitErrorEvent {
  groupId: string;
  topic: string;
  partition: number;
  offset: string;
  error: unknown;
}

/** Payload of each instrumentation event. */
export interface KafkaTransportEventMap {
  'consumer.group_join': GroupJoinEvent;
  'consumer.handler_error': HandlerErrorEvent;
  'consumer.crash': CrashEvent;
  'consumer.restart': RestartEvent;
  'consumer.commit_error': CommitErrorEvent;
}

export type KafkaTransportEventName = keyof KafkaTransportEventMap;

export type KafkaTransportListener<E extends KafkaTransportEventName> = (
  event: KafkaTransportEventMap[E],
) => void | Promise<void>;

/** Event hub whose listeners can't break the pipeline: their errors are logged, never thrown. */
export class KafkaTransportInstrumentation {
  private readonly listeners = new Map<string, Set<(event: unknown) => void | Promise<void>>>();

  constructor(private readonly logger: Logger) {}

  /** Adds a listener; returns a function that removes it. */
  on<E extends KafkaTransportEventName>(name: E, listener: KafkaTransportListener<E>): () => void {
    if (!Object.values(KafkaTransportEvents).includes(name)) {
      throw new TypeError(`unknown event ${JSON.stringify(name)}`);
    }
    let set = this.listeners.get(name);
    if (!set) this.listeners.set(name, (set = new Set()));
    const entry = listener as (event: unknown) => void | Promise<void>;
    set.add(entry);
    return () => void set.delete(entry);
  }

  emit<E extends KafkaTransportEventName>(name: E, event: KafkaTransportEventMap[E]): void {
    for (const listener of this.listeners.get(name) ?? []) {
      try {
        const result = listener(event);
        if (result instanceof Promise) result.catch((error: unknown) => this.failed(name, error));
      } catch (error) {
        this.failed(name, error);
      }
    }
  }

  private failed(event: string, err: unknown): void {
    this.logger.warn({ event, err }, 'instrumentation listener failed');
  }
}
