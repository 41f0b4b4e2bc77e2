import { closeRedis } from '../../adapters/redis/close-redis';
import { RedisAuditLog } from '../../adapters/redis/redis-audit-log.adapter';
import { RedisEventStore } from '../../adapters/redis/redis-event-store.adapter';
import { KafkaTransport } from '../../adapters/kafka/kafka-transport.adapter';
import { deterministicId, isUuid } from '../../messaging/ids';
import { streamHistory } from '../../runtime/undo/stream-history';
import { undoNotificationMessage } from '../../runtime/undo/undo-notifications';
import type { UndoKind } from '../../runtime/undo/undo-request';
import type { CliContext } from '../cli-context';
import { CliUsageError } from '../cli-io';
import { pino } from 'pino';

/** Options of `saga-kit revoke` and `saga-kit compensate`. */
export interface UndoOptions {
  domain: string;
  root: string;
  sequences: string;
  reason: string;
  correlation?: string;
  /** Wait for the owning service to append the marker (default true). */
  wait: boolean;
  timeout: string;
}

/**
 * Asks the aggregate's own service to revoke or compensate events: checks the request against
 * the stream in the event store first (the sequences must exist, not be markers, not be undone
 * already) and refuses it with the reasons, then sends the undo notification to
 * `{prefix}.{domain}.notifications`, where the service validates it again (compensate also needs
 * `@Compensate` handlers, which only the service has) and appends the marker. The request id
 * derives from the request, so running the same command twice undoes once.
 */
export async function undo(ctx: CliContext, kind: UndoKind, options: UndoOptions): Promise<void> {
  const sequences = parseSequences(options.sequences);
  const reason = options.reason.trim();
  if (!reason) throw new CliUsageError('--reason must say why');
  if (!isUuid(options.root))
    throw new CliUsageError(`--root must be a UUID, got ${JSON.stringify(options.root)}`);
  const timeoutMs = Number(options.timeout) * 1000;
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0)
    throw new CliUsageError('--timeout must be a number of seconds');
  const stream = { domain: options.domain, root: options.root };
  const redis = ctx.redis();
  const registry = ctx.registry();
  try {
    await redis.connect();
    const store = new RedisEventStore(redis, { keyPrefix: ctx.keyPrefix() });
    const history = streamHistory((await store.load(stream)).pages, registry);
    const problems = sequences.flatMap((s) => {
      const entry = history.find((h) => h.sequence === s);
      if (!entry) return [`@${s} does not exist (the stream has ${history.length} events)`];
      if (entry.status === 'marker') return [`@${s} is an undo marker`];
      if (entry.status === 'revoked') return [`@${s} is revoked already (${entry.reason ?? ''})`];
      if (entry.status === 'compensated' && kind === 'compensate')
        return [`@${s} is compensated already (${entry.reason ?? ''})`];
      return [];
    });
    if (problems.length > 0) {
      throw new CliUsageError(
        `refused: ${kind} of ${stream.domain}/${stream.root}: ${problems.join('; ')}`,
      );
    }
    const requestId = deterministicId(
      'operator-undo',
      kind,
      stream.domain,
      stream.root,
      ...sequences,
      reason,
    );
    const correlationId = options.correlation ?? requestId;
    const transport = new KafkaTransport({
      clientId: 'saga-kit-cli',
      brokers: ctx.brokers(),
      logger: pino({ level: 'silent' }),
    });
    try {
      const message = undoNotificationMessage(
        ctx.topics(),
        {
          kind,
          ...stream,
          sequences,
          reason,
          requestId,
          correlationId,
        },
        stream,
        new Date(),
      );
      await transport.publish([message]);
    } finally {
      await transport.close();
    }
    ctx.io.err(
      `${kind} of ${sequences.map((s) => `@${s}`).join(', ')} sent to ${ctx.topics().notifications(stream.domain)} (request ${requestId})`,
    );
    if (!options.wait) return;
    const audit = new RedisAuditLog(redis, { keyPrefix: ctx.keyPrefix() });
    const outcome = await waitForOutcome(
      { store, audit, registry },
      { stream, kind, sequences, correlationId, requestId },
      timeoutMs,
    );
    if (outcome.kind === 'refused') {
      throw new CliUsageError(
        `refused by the ${stream.domain} service (${outcome.reason}): ` +
          `saga-kit dlq show ${outcome.deadLetterId} says why`,
      );
    }
    if (outcome.kind === 'timeout') {
      throw new CliUsageError(
        `no ${kind} marker after ${options.timeout} s: is the ${stream.domain} service running? ` +
          `A request it refuses is dead-lettered: saga-kit dlq list --domain ${stream.domain}`,
      );
    }
    ctx.io.out(JSON.stringify({ status: 'applied', kind, requestId, marker: outcome.marker }));
  } finally {
    await closeRedis(redis);
  }
}

type UndoOutcome =
  | { kind: 'applied'; marker: number }
  | { kind: 'refused'; reason: string; deadLetterId: string }
  | { kind: 'timeout' };

/**
 * Polls for what the service made of the request: its marker in the stream, or the dead letter
 * it sent instead (the `dead-letter.sent` audit entry of the request's correlation that names the
 * message sent), until `timeoutMs`.
 */
async function waitForOutcome(
  ports: {
    store: RedisEventStore;
    audit: RedisAuditLog;
    registry: ReturnType<CliContext['registry']>;
  },
  request: {
    stream: { domain: string; root: string };
    kind: UndoKind;
    sequences: number[];
    correlationId: string;
    /** Also the id of the notification's message, which its dead letter's audit entry names. */
    requestId: string;
  },
  timeoutMs: number,
): Promise<UndoOutcome> {
  const deadline = Date.now() + timeoutMs;
  const markerType =
    request.kind === 'revocation' ? 'sagakit.v1.Revocation' : 'sagakit.v1.Compensate';
  for (;;) {
    const history = streamHistory((await ports.store.load(request.stream)).pages, ports.registry);
    const marker = history.find(
      (h) => h.type === markerType && request.sequences.every((s) => h.targets?.includes(s)),
    );
    if (marker) return { kind: 'applied', marker: marker.sequence };
    const refused = (await ports.audit.timeline(request.correlationId)).find(
      (e) => e.kind === 'dead-letter.sent' && e.details?.messageId === request.requestId,
    );
    if (refused) {
      return {
        kind: 'refused',
        reason: refused.reason ?? 'dead-lettered',
        deadLetterId: String(refused.details?.deadLetterId ?? ''),
      };
    }
    if (Date.now() >= deadline) return { kind: 'timeout' };
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

function parseSequences(value: string): number[] {
  const parts = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const sequences = parts.map(Number);
  if (parts.length === 0 || sequences.some((n) => !Number.isSafeInteger(n) || n < 0)) {
    throw new CliUsageError(
      `--sequences must be comma-separated sequence numbers, got ${JSON.stringify(value)}`,
    );
  }
  if (new Set(sequences).size !== sequences.length)
    throw new CliUsageError('--sequences names a sequence twice');
  return sequences;
}
