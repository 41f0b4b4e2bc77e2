/** Where a dead letter stands in its review. */
export type DeadLetterStatus = 'open' | 'replaying' | 'replayed' | 'discarded';

/** Every status, in review order. */
export const DEAD_LETTER_STATUSES: readonly DeadLetterStatus[] = [
  'open',
  'replaying',
  'replayed',
  'discarded',
];

/** What a dead letter's payload holds. */
export type DeadLetterPayloadKind = 'command' | 'events' | 'notification' | 'raw' | 'none';

/** A Kafka record's position. */
export interface RecordPosition {
  topic: string;
  partition: number;
  offset: string;
}

/** How an entry was replayed. */
export interface DeadLetterReplay {
  /** `message-id` of the republished message. */
  messageId: string;
  topic: string;
  claimedAt: string;
  /** Set once the message was published. */
  at?: string;
}

/** Why an entry was discarded. */
export interface DeadLetterDiscard {
  note: string;
  at: string;
}

/** A stored dead letter as the API lists it (its decoded payload is fetched separately). */
export interface DeadLetterEntry {
  id: string;
  /** Domain of the DLQ topic it came from. */
  domain: string;
  reason: string;
  component: string;
  componentType: string;
  status: DeadLetterStatus;
  /** Empty when the failed message carried none. */
  correlationId: string;
  /** Time of the last failure (ISO 8601): the time the entry is indexed and retained by. */
  at: string;
  firstFailedAt?: string;
  attempts: number;
  errorType: string;
  errorMessage: string;
  payloadKind: DeadLetterPayloadKind;
  /** Type URL of the failed message's content, when known. */
  messageType: string;
  /** The aggregate the failed message concerned, when known. */
  aggregate?: { domain: string; root: string };
  /** Where the failed message was consumed, when it came from a consumer. */
  original?: RecordPosition;
  /** Where the dead letter itself was read. */
  dlq: RecordPosition;
  receivedAt: string;
  /** How many times the DLQ record was delivered to the worker (redeliveries are not new entries). */
  deliveries: number;
  replay?: DeadLetterReplay;
  discard?: DeadLetterDiscard;
}

/** The immutable part of an entry, fixed when it is stored. */
export type DeadLetterFacts = Omit<DeadLetterEntry, 'status' | 'deliveries' | 'replay' | 'discard'>;
