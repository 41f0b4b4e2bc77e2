import { timestampDate, type Timestamp } from '@bufbuild/protobuf/wkt';
import type { DeadLetter } from '../gen/sagakit/v1/dead_letter_pb';
import { Headers } from '../messaging/headers';
import { deterministicId, rootToString } from '../messaging/ids';
import type { Topics } from '../messaging/topics';
import type { IncomingMessage } from '../ports/transport.port';
import type { DeadLetterFacts, DeadLetterPayloadKind } from './dead-letter-entry';

/** Reason of an entry whose DLQ record itself could not be decoded. */
export const UNDECODABLE_DEAD_LETTER = 'undecodable_dead_letter';

/** The facts of a dead letter read from a DLQ record. */
export function deadLetterFacts(
  letter: DeadLetter,
  record: IncomingMessage,
  topics: Topics,
  receivedAt: Date,
): DeadLetterFacts {
  const h = record.headers;
  const last = time(letter.lastFailedAt) ?? receivedAt;
  const first = time(letter.firstFailedAt);
  const cover = letter.cover ?? payloadCover(letter);
  const original = letter.original;
  return {
    id: letter.id,
    domain: topics.parse(record.topic)?.domain ?? cover?.domain ?? 'unknown',
    reason: letter.reason || h[Headers.DlqReason] || 'unknown',
    component: letter.sourceComponent || h[Headers.DlqComponent] || 'unknown',
    componentType: letter.sourceComponentType,
    correlationId: cover?.correlationId || h[Headers.CorrelationId] || '',
    at: last.toISOString(),
    ...(first ? { firstFailedAt: first.toISOString() } : {}),
    attempts: letter.attempts,
    errorType: letter.error?.type ?? h[Headers.DlqErrorType] ?? '',
    errorMessage: letter.error?.message ?? h[Headers.DlqErrorMessage] ?? '',
    payloadKind: payloadKind(letter),
    messageType: messageTypeOf(letter),
    ...(cover && cover.root.length === 16
      ? { aggregate: { domain: cover.domain, root: rootToString(cover.root) } }
      : {}),
    ...(original?.topic
      ? {
          original: {
            topic: original.topic,
            partition: original.partition,
            offset: original.offset,
          },
        }
      : {}),
    dlq: position(record),
    receivedAt: receivedAt.toISOString(),
  };
}

/** The facts of a DLQ record that is not a readable `DeadLetter`: kept, never dropped. */
export function undecodableFacts(
  record: IncomingMessage,
  topics: Topics,
  receivedAt: Date,
  error: string,
): DeadLetterFacts {
  const h = record.headers;
  return {
    id: deterministicId('undecodable-dead-letter', record.topic, record.partition, record.offset),
    domain: topics.parse(record.topic)?.domain ?? 'unknown',
    reason: UNDECODABLE_DEAD_LETTER,
    component: h[Headers.DlqComponent] || 'unknown',
    componentType: '',
    correlationId: h[Headers.CorrelationId] ?? '',
    at: receivedAt.toISOString(),
    attempts: 0,
    errorType: 'PoisonMessageError',
    errorMessage: error,
    payloadKind: 'raw',
    messageType: h[Headers.MessageType] ?? '',
    dlq: position(record),
    receivedAt: receivedAt.toISOString(),
  };
}

/** What the dead letter's payload holds. */
export function payloadKind(letter: DeadLetter): DeadLetterPayloadKind {
  return letter.payload.case ?? 'none';
}

function payloadCover(letter: DeadLetter): DeadLetter['cover'] {
  const p = letter.payload;
  if (p.case === 'command' || p.case === 'events' || p.case === 'notification') {
    return p.value.cover;
  }
  return undefined;
}

function messageTypeOf(letter: DeadLetter): string {
  const p = letter.payload;
  switch (p.case) {
    case 'command':
      return p.value.command?.typeUrl ?? '';
    case 'events':
      return p.value.pages[0]?.event?.typeUrl ?? '';
    case 'notification':
      return p.value.payload?.typeUrl ?? '';
    case 'raw':
    case undefined:
      return letter.original?.headers[Headers.MessageType] ?? '';
  }
}

function position(record: IncomingMessage): DeadLetterFacts['dlq'] {
  return { topic: record.topic, partition: record.partition, offset: record.offset };
}

function time(t: Timestamp | undefined): Date | undefined {
  return t ? timestampDate(t) : undefined;
}
