/** A message to publish. Messages with the same topic and key are delivered in publish order. */
export interface OutgoingMessage {
  topic: string;
  /** Partitioning key: the aggregate root (string form), so one aggregate's messages stay in order. */
  key: string;
  value: Uint8Array;
  headers: Record<string, string>;
}

/** A message as delivered to a subscriber. */
export interface IncomingMessage {
  topic: string;
  partition: number;
  /** Offset within the partition, as a decimal string (Kafka's convention). */
  offset: string;
  key: string | null;
  value: Uint8Array;
  headers: Record<string, string>;
}

/**
 * Handles one message. Resolving marks the message done (its offset may be committed);
 * rejecting makes the transport deliver it again later (at-least-once), and later messages of
 * the same partition wait behind it. Decide retry vs. dead-letter before rejecting.
 */
export type MessageHandler = (message: IncomingMessage) => Promise<void>;

export interface SubscriptionOptions {
  /** Consumer group: members share the partitions; every group sees every message. */
  groupId: string;
  /** Exact topic names. */
  topics?: readonly string[];
  /** Topics matching a pattern, including topics created after subscribing. */
  topicPattern?: RegExp;
  /** Where a group with no committed offset starts (default: the beginning). */
  fromBeginning?: boolean;
}

/** A running consumer; `close` finishes the in-flight message, then leaves the group. */
export interface Subscription {
  readonly groupId: string;
  close(): Promise<void>;
}

/** Publish/subscribe with topics, partitions by key and consumer groups. */
export interface Transport {
  /** Resolves once the transport has durably accepted every message. */
  publish(messages: readonly OutgoingMessage[]): Promise<void>;
  subscribe(options: SubscriptionOptions, handler: MessageHandler): Promise<Subscription>;
  /** Closes every subscription, then the connections. */
  close(): Promise<void>;
}
