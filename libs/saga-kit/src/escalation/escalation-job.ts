import { create } from '@bufbuild/protobuf';
import { CoverSchema, type Cover } from '../gen/sagakit/v1/envelope_pb';
import { deterministicId, isUuid, uuidToBytes } from '../messaging/ids';

/** A queued webhook delivery, as stored in the job queue (JSON). */
export interface EscalationJob {
  /** Name of the endpoint; its URL and secret are read from the configuration at delivery. */
  readonly webhook: string;
  readonly deliveryId: string;
  readonly eventType: string;
  /** The exact body to send (and sign). */
  readonly body: string;
  readonly correlationId: string;
  /** The escalating aggregate, for audit entries and dead letters. */
  readonly domain: string;
  readonly root: string;
  readonly queuedAt: string;
}

/** The delivery id of an escalation to one endpoint: one per notification and endpoint. */
export function escalationDeliveryId(notificationId: string, webhook: string): string {
  return deterministicId('escalation', notificationId, webhook);
}

/**
 * Parses a queued job; throws a `TypeError` saying what is wrong. A job the dispatcher could not
 * dead-letter (a root that is not a UUID, a queuedAt that is not a date) is refused here, so it
 * becomes an invalid-job dead letter instead of coming back after every lease.
 */
export function parseEscalationJob(payload: string): EscalationJob {
  const parsed = JSON.parse(payload) as Partial<Record<keyof EscalationJob, unknown>>;
  const fields: (keyof EscalationJob)[] = [
    'webhook',
    'deliveryId',
    'eventType',
    'body',
    'correlationId',
    'domain',
    'root',
    'queuedAt',
  ];
  for (const field of fields) {
    if (typeof parsed[field] !== 'string') {
      throw new TypeError(`escalation job field ${field} must be a string`);
    }
  }
  const job = parsed as EscalationJob;
  if (!isUuid(job.root)) throw new TypeError(`escalation job root must be a UUID, got ${job.root}`);
  if (Number.isNaN(Date.parse(job.queuedAt))) {
    throw new TypeError(`escalation job queuedAt must be a date, got ${job.queuedAt}`);
  }
  return job;
}

/** The cover of the escalating aggregate. */
export function escalationCover(job: EscalationJob): Cover {
  return create(CoverSchema, {
    domain: job.domain,
    root: uuidToBytes(job.root),
    correlationId: job.correlationId,
  });
}
