import { create } from '@bufbuild/protobuf';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import type { Logger } from 'pino';
import {
  DeadLetterSchema,
  ErrorInfoSchema,
  OriginalMessageSchema,
  type DeadLetter,
  type ErrorInfo,
} from '../../gen/sagakit/v1/dead_letter_pb';
import type { Cover } from '../../gen/sagakit/v1/envelope_pb';
import { Headers, MessageKinds } from '../../messaging/headers';
import { deterministicId, newId, rootToString } from '../../messaging/ids';
import type { Topics } from '../../messaging/topics';
import { encode, TYPE_URL_PREFIX } from '../../messaging/type-registry';
import type { IncomingMessage, Transport } from '../../ports/transport.port';
import type { AuditRecorder } from '../audit/audit-recorder';

/** Header values are for people reading `kcat` output; long error messages are cut. */
const MAX_HEADER_TEXT = 512;

/** Everything a dead letter records. */
export interface DeadLetterInput {
  /** Domain whose `{prefix}.{domain}.dlq` topic receives it. */
  domain: string;
  /** Machine-readable reason, e.g. `undecodable`, `retries_exhausted`, `handler_error`. */
  reason: string;
  error?: unknown;
  /** Component that gave up, e.g. `table` or `saga:hand-table`. */
  component: string;
  /** `aggregate`, `saga`, `consumer`, `webhook`, ... */
  componentType: string;
  /** The transport message, when the dead letter comes from a consumer. */
  original?: IncomingMessage;
  /** The decoded payload, or the raw bytes when they could not be decoded. */
  payload?: DeadLetter['payload'];
  cover?: Cover;
  attempts: number;
  firstFailedAt: Date;
  lastFailedAt: Date;
  /** Defaults to an id derived from the original topic, partition and offset (or a random one). */
  id?: string;
}

/** The id of a consumed message's dead letter: the same for every redelivery of the message. */
export function deadLetterIdOf(message: IncomingMessage): string {
  return deterministicId('dead-letter', message.topic, message.partition, message.offset);
}

/**
 * Publishes dead-letter envelopes, one shape for every component: the `DeadLetter` message on
 * `{prefix}.{domain}.dlq` with the DLQ headers of the header table, then a `dead-letter.sent`
 * audit entry when the message belongs to a flow.
 */
export class DeadLetterPublisher {
  constructor(
    private readonly transport: Transport,
    private readonly topics: Topics,
    private readonly audit?: AuditRecorder,
    private readonly logger?: Logger,
  ) {}

  /** Publishes the dead letter; rejects when the transport does (the caller must not move on). */
  async publish(input: DeadLetterInput): Promise<DeadLetter> {
    const letter = this.envelope(input);
    const original = input.original;
    const correlationId =
      input.cover?.correlationId || original?.headers[Headers.CorrelationId] || '';
    const key = original?.key ?? (input.cover ? rootToString(input.cover.root) : letter.id);
    const error = letter.error;
    await this.transport.publish([
      {
        topic: this.topics.dlq(input.domain),
        key,
        value: encode(DeadLetterSchema, letter),
        headers: {
          [Headers.MessageId]: letter.id,
          [Headers.Kind]: MessageKinds.DeadLetter,
          [Headers.MessageType]: TYPE_URL_PREFIX + DeadLetterSchema.typeName,
          ...(correlationId ? { [Headers.CorrelationId]: correlationId } : {}),
          [Headers.DlqOriginalTopic]: original?.topic ?? '',
          [Headers.DlqOriginalPartition]: original ? String(original.partition) : '',
          [Headers.DlqOriginalOffset]: original?.offset ?? '',
          [Headers.DlqReason]: input.reason,
          [Headers.DlqErrorType]: error?.type ?? '',
          [Headers.DlqErrorMessage]: (error?.message ?? '').slice(0, MAX_HEADER_TEXT),
          [Headers.DlqAttempts]: String(input.attempts),
          [Headers.DlqFirstFailedAt]: input.firstFailedAt.toISOString(),
          [Headers.DlqLastFailedAt]: input.lastFailedAt.toISOString(),
          [Headers.DlqComponent]: input.component,
        },
      },
    ]);
    this.logger?.warn(
      {
        deadLetterId: letter.id,
        reason: input.reason,
        component: input.component,
        correlationId,
        topic: original?.topic,
        partition: original?.partition,
        offset: original?.offset,
        attempts: input.attempts,
      },
      'message dead-lettered',
    );
    await this.recordAudit(letter, input, correlationId, key);
    return letter;
  }

  private envelope(input: DeadLetterInput): DeadLetter {
    const original = input.original;
    const id = input.id ?? (original ? deadLetterIdOf(original) : newId());
    return create(DeadLetterSchema, {
      id,
      ...(input.cover ? { cover: input.cover } : {}),
      payload:
        input.payload ?? (original ? { case: 'raw', value: original.value } : { case: undefined }),
      reason: input.reason,
      ...(input.error === undefined ? {} : { error: errorInfo(input.error) }),
      sourceComponent: input.component,
      sourceComponentType: input.componentType,
      ...(original
        ? {
            original: create(OriginalMessageSchema, {
              topic: original.topic,
              partition: original.partition,
              offset: original.offset,
              key: original.key === null ? new Uint8Array() : Buffer.from(original.key, 'utf8'),
              headers: { ...original.headers },
            }),
          }
        : {}),
      attempts: input.attempts,
      firstFailedAt: timestampFromDate(input.firstFailedAt),
      lastFailedAt: timestampFromDate(input.lastFailedAt),
    });
  }

  private async recordAudit(
    letter: DeadLetter,
    input: DeadLetterInput,
    correlationId: string,
    key: string,
  ): Promise<void> {
    if (!this.audit || !correlationId) return;
    const messageId = input.original?.headers[Headers.MessageId];
    try {
      await this.audit.record({
        kind: 'dead-letter.sent',
        key: [letter.id],
        correlationId,
        domain: input.cover?.domain ?? input.domain,
        root: input.cover ? rootToString(input.cover.root) : key,
        reason: input.reason,
        component: input.component,
        details: {
          deadLetterId: letter.id,
          attempts: input.attempts,
          // Lets whoever sent the message learn that it was dead-lettered (e.g. the CLI's undo).
          ...(messageId ? { messageId } : {}),
        },
      });
    } catch (error) {
      // The dead letter is out; failing now would publish it again for nothing.
      this.logger?.warn({ deadLetterId: letter.id, err: error }, 'audit entry not recorded');
    }
  }
}

/** Type, message and stack of any thrown value. */
export function errorInfo(error: unknown): ErrorInfo {
  if (error instanceof Error) {
    return create(ErrorInfoSchema, {
      type: error.name,
      message: error.message,
      stack: error.stack ?? '',
    });
  }
  return create(ErrorInfoSchema, { type: typeof error, message: String(error) });
}
