import type { JsonValue } from '@bufbuild/protobuf';
import type { AuditEntry } from '../ports/audit-log.port';
import type { DeadLetterEntry } from './dead-letter-entry';
import type { DeadLetterPage } from './dead-letter-store.types';

/** An audit entry as JSON. */
export type AuditEntryJson = Omit<AuditEntry, 'at'> & { at: string };

/** `GET /api/dead-letters`: one page of entries, newest first, with the page it answers. */
export interface DeadLetterListPage extends DeadLetterPage {
  offset: number;
  limit: number;
}

/** `GET /api/dead-letters/:id`. */
export interface DeadLetterDetail {
  entry: DeadLetterEntry;
  /** The whole `sagakit.v1.DeadLetter` as JSON, masked fields as `***`. */
  deadLetter: JsonValue;
  /** The failed message's content (command, events, notification or decoded raw bytes). */
  payload: JsonValue;
  /** Headers of the DLQ record. */
  headers: Record<string, string>;
  timeline: { entries: AuditEntryJson[]; mermaid: string; svg: string };
}

/** `POST /api/dead-letters/replay`. */
export interface BulkReplayResponse {
  matched: number;
  replayed: string[];
  alreadyReplayed: string[];
  /** Entries not replayed, and why (discarded, in progress elsewhere, not replayable). */
  skipped: { id: string; reason: string }[];
  failed: { id: string; error: string }[];
}

/** One escalation received on the webhook. */
export interface EscalationRecord {
  deliveryId: string;
  event: string;
  receivedAt: string;
  body: JsonValue;
}
