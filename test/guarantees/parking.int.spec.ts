import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { create } from '@bufbuild/protobuf';
import { JoinTableSchema } from '@poker/contracts';
import {
  decode,
  DeadLetterSchema,
  Headers,
  replayMessage,
  uuidToBytes,
  type AppendRequest,
  type DeadLetter,
  type EventStore,
} from '@saga-kit/core';
import { waitFor } from '../infra';
import { newId, openTable } from './support/poker-flows';
import { PokerSystem, type Service } from './support/poker-system';
import type { TopicReader } from './support/topic-reader';

/**
 * Per-aggregate order when a message cannot be handled: the table service's store fails for one
 * table (a fault, not a rejection), so its join is dead-lettered; the next join of the same
 * table must not overtake it. It is parked behind it on the DLQ, while another table's joins go
 * through. Once the fault is gone, the dead letters are replayed, oldest first, through Kafka,
 * and the table seats its players in the order the joins were sent.
 */
describe('parking: a failed message holds its aggregate up, over Kafka and Redis', () => {
  let system: PokerSystem;
  let table: Service;
  let dlq: TopicReader;
  /** Appends to this table's stream fail while it is set. */
  let broken: string | undefined;

  beforeAll(async () => {
    system = await PokerSystem.create('parking');
    const failing = (store: EventStore): EventStore => ({
      load: (stream, options) => store.load(stream, options),
      findDedup: (stream, key) => store.findDedup(stream, key),
      saveSnapshot: (stream, snapshot) => store.saveSnapshot(stream, snapshot),
      append: (request: AppendRequest) =>
        request.stream.domain === 'table' && request.stream.root === broken
          ? Promise.reject(new Error('disk quota exceeded on the seat index'))
          : store.append(request),
    });
    [table, dlq] = await Promise.all([
      system.start('table', { store: failing }),
      system.reader([system.topics.dlq('table')]),
    ]);
  });

  afterAll(async () => {
    await system?.stop();
  });

  const join = (tableId: string, seat: number) =>
    system.command({
      domain: 'table',
      root: tableId,
      command: create(JoinTableSchema, { playerId: uuidToBytes(newId()), seat, buyIn: 100 }),
    });
  const letters = (): DeadLetter[] =>
    dlq.messages.map((m) => decode(DeadLetterSchema, m.value, 'dead letter'));
  const seats = async (tableId: string): Promise<number[]> =>
    (await system.events('table', tableId))
      .filter((e) => e.$typeName === 'poker.v1.PlayerJoined')
      .map((e) => (e as unknown as { seat: number }).seat);

  it('parks the later joins of a table behind its failed join, then replays them in order', async () => {
    const [tableId, other] = [newId(), newId()];
    await Promise.all([openTable(system, table, tableId), openTable(system, table, other)]);
    broken = tableId;
    await system.publish(table, [join(tableId, 1), join(other, 1), join(tableId, 2)]);
    await system.publish(table, [join(other, 2), join(tableId, 3)]);

    await waitFor(() => letters().length === 3, { message: 'three dead letters' });
    await waitFor(async () => (await seats(other)).length === 2, {
      message: 'the other table to seat its players',
    });
    const [failed, ...parked] = letters();
    expect(failed).toMatchObject({ reason: 'handler_error', sourceComponent: 'table' });
    expect(parked.map((l) => l.reason)).toEqual(['parked', 'parked']);
    expect(parked[0]?.error?.message).toContain(failed!.id);
    expect(await seats(tableId)).toEqual([]);
    expect(await seats(other)).toEqual([1, 2]);
    expect(await table.runtime.parking?.parked('table', tableId)).toEqual(
      letters().map((l) => l.id),
    );

    // Fixed. A live join sent now still waits behind the parked ones.
    broken = undefined;
    await system.publish(table, [join(tableId, 4)]);
    await waitFor(() => letters().length === 4, { message: 'the live join to be parked too' });
    expect(await seats(tableId)).toEqual([]);

    // The operator replays the dead letters, oldest first (as the DLQ worker's bulk replay does).
    await table.transport.publish(letters().map((l) => replayMessage(l, system.topics)));
    await waitFor(async () => (await seats(tableId)).length === 4, {
      message: 'the replayed joins to seat their players',
    });
    expect(await seats(tableId)).toEqual([1, 2, 3, 4]);
    // The last replayed join leaves the queue once handled: its events can be read just before.
    await waitFor(
      async () => (await table.runtime.parking?.parked('table', tableId))?.length === 0,
      { message: 'the parking queue to empty' },
    );

    // The key flows again.
    await system.publish(table, [join(tableId, 5)]);
    await waitFor(async () => (await seats(tableId)).length === 5, { message: 'a live join' });
    expect(letters()).toHaveLength(4);
    expect(dlq.messages.every((m) => m.headers[Headers.DlqComponent] === 'table')).toBe(true);
  });
});
