import type { Logger } from 'pino';
import { DeadLetterSchema, type DeadLetter } from '../gen/sagakit/v1/dead_letter_pb';
import type { Topics } from '../messaging/topics';
import { decode } from '../messaging/type-registry';
import type { Clock } from '../ports/clock.port';
import type { Transport } from '../ports/transport.port';
import type { ParkingLot } from '../runtime/consumer/parking-lot';
import type { AuditRecorder } from '../runtime/audit/audit-recorder';
import type { DeadLetterEntry } from './dead-letter-entry';
import { UNDECODABLE_DEAD_LETTER } from './dead-letter-facts';
import { NotReplayableError, replayMessage } from './replay-message';
import type { RedisDeadLetterStore } from './redis-dead-letter-store';

/** An entry id that is not stored; the API answers 404. */
export class DeadLetterNotFoundError extends Error {
  override readonly name = 'DeadLetterNotFoundError';
  constructor(readonly id: string) {
    super(`no dead letter ${JSON.stringify(id)}`);
  }
}

/** An action the entry's status does not allow (replay a discarded entry, a replay in progress); 409. */
export class DeadLetterStateError extends Error {
  override readonly name = 'DeadLetterStateError';
}

/** Outcome of one replay. */
export interface ReplayResult {
  id: string;
  /** `replayed` now, or `already-replayed` by an earlier request (nothing published this time). */
  outcome: 'replayed' | 'already-replayed';
  messageId: string;
  topic: string;
  at: string;
}

/** Options of {@link DeadLetterReplayer}. */
export interface DeadLetterReplayerOptions {
  store: RedisDeadLetterStore;
  transport: Transport;
  topics: Topics;
  clock: Clock;
  /** Records `dead-letter.replayed` / `dead-letter.discarded` against the entry's correlation id. */
  audit?: AuditRecorder;
  logger?: Logger;
  /** How long a claimed replay keeps others away before a retry may take it over (default 30 s). */
  leaseMs?: number;
  /**
   * The services' parking queues (the runtime's default lives in their event store): discarding
   * a dead letter takes it out of its key's queue, so the messages parked behind it can follow.
   */
  parking?: ParkingLot;
}

/**
 * Replays and discards dead letters, each exactly once: an atomic claim lets one request
 * publish; a retry after success answers `already-replayed`; a retry after a crash mid-replay
 * (lease expired) publishes again with the same `message-id`, which consumers deduplicate.
 */
export class DeadLetterReplayer {
  private readonly leaseMs: number;

  constructor(private readonly options: DeadLetterReplayerOptions) {
    this.leaseMs = options.leaseMs ?? 30_000;
  }

  /** Republishes one entry to its original topic; see the class comment for retries. */
  async replay(id: string, actor = 'operator'): Promise<ReplayResult> {
    const { store, transport, topics, clock } = this.options;
    const stored = await store.get(id);
    if (!stored) throw new DeadLetterNotFoundError(id);
    const message = replayMessage(this.letterOf(stored.entry, stored.letter), topics);
    const messageId = message.headers['message-id'] ?? '';
    const claimedAt = clock.now().toISOString();
    const claim = await store.claimReplay(
      id,
      { messageId, topic: message.topic, claimedAt },
      clock.now(),
      this.leaseMs,
    );
    switch (claim.outcome) {
      case 'missing':
        throw new DeadLetterNotFoundError(id);
      case 'discarded':
        throw new DeadLetterStateError(`dead letter ${id} was discarded; it cannot be replayed`);
      case 'busy':
        throw new DeadLetterStateError(`dead letter ${id} is being replayed by another request`);
      case 'replayed':
        return {
          id,
          outcome: 'already-replayed',
          messageId: claim.replay.messageId,
          topic: claim.replay.topic,
          at: claim.replay.at ?? claim.replay.claimedAt,
        };
      case 'claimed':
        break;
    }
    try {
      await transport.publish([message]);
    } catch (error) {
      await store.releaseReplay(id).catch(() => undefined);
      throw error;
    }
    const at = clock.now().toISOString();
    await store.completeReplay(id, { messageId, topic: message.topic, claimedAt, at });
    this.options.logger?.info(
      {
        deadLetterId: id,
        topic: message.topic,
        messageId,
        correlationId: stored.entry.correlationId,
        actor,
      },
      'dead letter replayed',
    );
    await this.audit('dead-letter.replayed', stored.entry, `replayed to ${message.topic}`, {
      messageId,
      actor,
    });
    return { id, outcome: 'replayed', messageId, topic: message.topic, at };
  }

  /** Discards an open entry with a note (required); discarding it again changes nothing. */
  async discard(id: string, note: string, actor = 'operator'): Promise<DeadLetterEntry> {
    const { store, clock } = this.options;
    const before = await store.get(id);
    if (!before) throw new DeadLetterNotFoundError(id);
    // Unparked first: if the discard then fails, the entry stays open and can be discarded again.
    if (before.entry.status === 'open') await this.unpark(before.entry, before.letter);
    const outcome = await store.discard(id, { note, at: clock.now().toISOString() });
    if (outcome.outcome === 'missing') throw new DeadLetterNotFoundError(id);
    if (outcome.outcome === 'conflict') {
      throw new DeadLetterStateError(
        `dead letter ${id} is ${outcome.status}; only open entries can be discarded`,
      );
    }
    const stored = await store.get(id);
    if (!stored) throw new DeadLetterNotFoundError(id);
    this.options.logger?.info({ deadLetterId: id, actor }, 'dead letter discarded');
    await this.audit('dead-letter.discarded', stored.entry, note, { actor });
    return stored.entry;
  }

  /** Takes a discarded dead letter out of its key's parking queue, if it is in one. */
  private async unpark(entry: DeadLetterEntry, bytes: Uint8Array): Promise<void> {
    const parking = this.options.parking;
    if (!parking || entry.reason === UNDECODABLE_DEAD_LETTER) return;
    const key = Buffer.from(decode(DeadLetterSchema, bytes).original?.key ?? []).toString('utf8');
    if (!key || !entry.component) return;
    if (await parking.unpark(entry.component, key, entry.id, { reason: 'discarded' })) {
      this.options.logger?.info(
        { deadLetterId: entry.id, component: entry.component, key },
        'discarded dead letter unparked: its key moves on',
      );
    }
  }

  private letterOf(entry: DeadLetterEntry, bytes: Uint8Array): DeadLetter {
    if (entry.reason === UNDECODABLE_DEAD_LETTER) {
      throw new NotReplayableError(
        `dead letter ${entry.id} could not be decoded; it cannot be replayed`,
      );
    }
    return decode(DeadLetterSchema, bytes, `dead letter ${entry.id}`);
  }

  private async audit(
    kind: 'dead-letter.replayed' | 'dead-letter.discarded',
    entry: DeadLetterEntry,
    reason: string,
    details: Record<string, string>,
  ): Promise<void> {
    if (!this.options.audit || !entry.correlationId) return;
    try {
      await this.options.audit.record({
        kind,
        key: [entry.id],
        correlationId: entry.correlationId,
        domain: entry.aggregate?.domain ?? entry.domain,
        root: entry.aggregate?.root ?? entry.id,
        reason,
        component: 'dlq-worker',
        details: { deadLetterId: entry.id, ...details },
      });
    } catch (error) {
      // The action is done and recorded on the entry; a missing audit line must not undo it.
      this.options.logger?.warn({ deadLetterId: entry.id, err: error }, 'audit entry not recorded');
    }
  }
}
