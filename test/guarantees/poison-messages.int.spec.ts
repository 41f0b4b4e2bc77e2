import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { create, toBinary } from '@bufbuild/protobuf';
import { AnySchema } from '@bufbuild/protobuf/wkt';
import { OpenTableSchema } from '@poker/contracts';
import {
  CommandBookSchema,
  commandMessage,
  decode,
  DeadLetterSchema,
  Headers,
  TYPE_URL_PREFIX,
  type CommandBook,
  type DeadLetter,
  type OutgoingMessage,
} from '@saga-kit/core';
import { randomBytes } from 'node:crypto';
import { waitFor } from '../infra';
import { newId, partitionOf } from './support/poker-flows';
import { PokerSystem, type Service } from './support/poker-system';
import type { TopicReader } from './support/topic-reader';

/**
 * Garbage on a commands topic: each piece is dead-lettered with its bytes and the reason, and
 * the consumer moves on to the next message of the same aggregate (same key, same partition).
 */
describe('poison messages on a commands topic', () => {
  let system: PokerSystem;
  let table: Service;
  let dlq: TopicReader;

  beforeAll(async () => {
    system = await PokerSystem.create('poison');
    [[table], dlq] = await Promise.all([
      system.startAll('table'),
      system.reader([system.topics.dlq('table')]),
    ]);
  });

  afterAll(async () => {
    await system?.stop();
  });

  const openTable = (tableId: string, correlationId?: string): CommandBook =>
    system.command({
      domain: 'table',
      root: tableId,
      command: create(OpenTableSchema, { name: 'T1', maxSeats: 6 }),
      ...(correlationId ? { correlationId } : {}),
    });

  it('dead-letters random bytes, an unknown type and a message without headers, then handles the next command', async () => {
    const tableId = newId();
    const commands = system.topics.commands('table');
    // A leading 0x0f is field 1 with wire type 7, which does not exist: undecodable whatever follows.
    const garbage = Uint8Array.from([0x0f, ...randomBytes(63)]);
    const unknownCorrelation = newId();
    const unknown = openTable(tableId, unknownCorrelation);
    unknown.command = create(AnySchema, {
      typeUrl: `${TYPE_URL_PREFIX}poker.v1.NoSuchCommand`,
      value: randomBytes(16),
    });
    const headerless = openTable(tableId);
    const valid = openTable(tableId);
    const poison: OutgoingMessage[] = [
      { topic: commands, key: tableId, value: garbage, headers: { [Headers.MessageId]: newId() } },
      commandMessage(system.topics, unknown),
      { ...commandMessage(system.topics, headerless), headers: {} },
    ];
    await table.transport.publish([...poison, commandMessage(system.topics, valid)]);

    await waitFor(async () => (await system.eventTypes('table', tableId)).length > 0, {
      message: 'the valid command after the poison to be handled',
    });
    const letters = await waitFor(
      () => {
        const mine = dlq.messages.filter((m) => m.key === tableId);
        return mine.length >= poison.length && mine;
      },
      { message: 'three dead letters' },
    );
    await system.settled();

    expect(await system.eventTypes('table', tableId)).toEqual(['TableOpened']);
    expect(letters.map((m) => m.headers[Headers.DlqReason])).toEqual([
      'undecodable',
      'unknown_type',
      'missing_header',
    ]);
    const [raw, unknownType, noHeaders] = letters.map((m) =>
      decode(DeadLetterSchema, m.value, 'DeadLetter'),
    ) as [DeadLetter, DeadLetter, DeadLetter];

    // Each letter locates its original and carries its exact bytes.
    const sent = poison.map((m) => m.value);
    expect(raw.payload).toEqual({ case: 'raw', value: sent[0] });
    expect(bytesOf(unknownType)).toEqual(sent[1]);
    expect(bytesOf(noHeaders)).toEqual(sent[2]);
    for (const [i, letter] of [raw, unknownType, noHeaders].entries()) {
      expect(letter).toMatchObject({
        reason: letters[i]!.headers[Headers.DlqReason],
        sourceComponent: 'table',
        sourceComponentType: 'aggregate',
        original: { topic: commands, key: new TextEncoder().encode(tableId) },
      });
      expect(letter.error?.message).not.toBe('');
    }
    expect(unknownType.error?.message).toMatch(/poker\.v1\.NoSuchCommand/);
    expect(noHeaders.original?.headers).toEqual({});
    const offsets = [raw, unknownType, noHeaders].map((l) => BigInt(l.original!.offset));
    expect(offsets).toEqual([...offsets].sort((a, b) => (a < b ? -1 : 1)));
    // Keyed by the table: all on its partition, the one the next command for it also went to.
    expect([raw, unknownType, noHeaders].map((l) => l.original!.partition)).toEqual(
      Array.from({ length: 3 }, () => partitionOf(tableId, 4)),
    );

    // A poison message that belongs to a flow shows on its timeline.
    const timeline = await system.timeline(unknownCorrelation);
    expect(timeline).toContainEqual(
      expect.objectContaining({ kind: 'dead-letter.sent', reason: 'unknown_type' }),
    );
  });
});

/** The bytes a dead letter carries: raw, or the decoded envelope encoded again (protobuf keeps unknown fields). */
function bytesOf(letter: DeadLetter): Uint8Array | undefined {
  const { payload } = letter;
  if (payload.case === 'raw') return payload.value;
  if (payload.case === 'command') return toBinary(CommandBookSchema, payload.value);
  return undefined;
}
