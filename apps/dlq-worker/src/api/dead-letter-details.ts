import type { JsonValue } from '@bufbuild/protobuf';
import {
  DeadLetterSchema,
  UNDECODABLE_DEAD_LETTER,
  deadLetterToJson,
  decode,
  maskFields,
  messageToJson,
  renderTimelineMermaid,
  type AuditEntry,
  type DeadLetterDetail,
  type StoredDeadLetter,
  type TypeRegistry,
} from '@saga-kit/core';
import { renderSequenceSvg } from '../console/sequence-diagram';

/** An entry with its decoded (and masked) dead letter, headers and the correlation's timeline. */
export function deadLetterDetail(
  stored: StoredDeadLetter,
  registry: TypeRegistry,
  masked: ReadonlySet<string>,
  timeline: readonly AuditEntry[],
): DeadLetterDetail {
  const json: JsonValue =
    stored.entry.reason === UNDECODABLE_DEAD_LETTER
      ? messageToJson(stored.letter, stored.headers, registry)
      : deadLetterToJson(decode(DeadLetterSchema, stored.letter), registry);
  const deadLetter = maskFields(json, masked);
  const mermaid = renderTimelineMermaid(timeline);
  return {
    entry: stored.entry,
    deadLetter,
    payload: payloadOf(deadLetter),
    headers: stored.headers,
    timeline: {
      entries: timeline.map((e) => ({ ...e, at: e.at.toISOString() })),
      mermaid,
      svg: renderSequenceSvg(mermaid),
    },
  };
}

function payloadOf(json: JsonValue): JsonValue {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) return null;
  return json.command ?? json.events ?? json.notification ?? json.raw ?? null;
}
