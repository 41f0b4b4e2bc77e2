import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { create } from '@bufbuild/protobuf';
import { CreditPlayerStackSchema, DeductFromPlayerStackSchema } from '@poker/contracts';
import {
  isConcurrencyError,
  toSequence,
  uuidToBytes,
  type CommandBook,
  type CommandOutcome,
} from '@saga-kit/core';
import type { TableState } from '../../libs/saga-kit/src/testing/fixtures';
import { ConflictCountingStore } from './support/conflict-counting-store';
import { newId, openTable, seatDirectly } from './support/poker-flows';
import { PokerSystem, type Service } from './support/poker-system';

/** Commands each instance has in flight at once. */
const IN_FLIGHT = 4;
const CREDITS = 40;

/**
 * Two instances of the table service decide on one table at the same time, each from its own
 * Redis connection, as two gateway processes would. Appends conflict; a conflict decides again
 * on fresh state. The final state is the serial one: every credit counts once, and no
 * deduction is accepted on a stale stack.
 */
describe('optimistic concurrency with two instances on one aggregate', () => {
  let system: PokerSystem;
  const instances: { service: Service; store: ConflictCountingStore }[] = [];
  let tableId: string;
  let playerId: string;

  beforeAll(async () => {
    system = await PokerSystem.create('concurrency');
    for (const instance of ['1', '2']) {
      let store: ConflictCountingStore | undefined;
      const service = await system.start('table', {
        instance,
        // Gateways only: no consumer, so nothing but these two senders touches the table.
        start: false,
        store: (inner) => (store = new ConflictCountingStore(inner)),
      });
      instances.push({ service, store: store! });
    }
    tableId = await openTable(system, instances[0]!.service);
    playerId = await seatDirectly(system, instances[0]!.service, tableId, 1, 0);
  });

  afterAll(async () => {
    await system?.stop();
  });

  const stack = async (): Promise<number | undefined> =>
    ((await instances[0]!.service.runtime.load('table', tableId)).state as TableState).seats[
      playerId
    ]?.stack;

  const command = (schema: typeof CreditPlayerStackSchema | typeof DeductFromPlayerStackSchema) =>
    system.command({
      domain: 'table',
      root: tableId,
      command: create(schema, {
        playerId: uuidToBytes(playerId),
        amount: 1,
        handId: uuidToBytes(newId()),
      }),
    });

  /** Both instances send their half of the books, `IN_FLIGHT` at a time each; outcomes in book order. */
  async function hammer(books: readonly CommandBook[]): Promise<CommandOutcome[]> {
    const outcomes: CommandOutcome[] = [];
    await Promise.all(
      instances.map(async ({ service }, i) => {
        const mine = books.map((book, index) => ({ book, index })).filter((_, k) => k % 2 === i);
        const workers = Array.from({ length: IN_FLIGHT }, async () => {
          for (let next = mine.shift(); next; next = mine.shift()) {
            outcomes[next.index] = await sendUntilDecided(service, next.book);
          }
        });
        await Promise.all(workers);
      }),
    );
    return outcomes;
  }

  it('counts every one of many concurrent credits exactly once', async () => {
    const books = Array.from({ length: CREDITS }, () => command(CreditPlayerStackSchema));
    const outcomes = await hammer(books);

    expect(outcomes.filter((o) => o.result.case === 'accepted')).toHaveLength(CREDITS);
    expect(await stack()).toBe(CREDITS);
    const events = await system.eventTypes('table', tableId);
    expect(events.filter((t) => t === 'StackCredited')).toHaveLength(CREDITS);
    await expectContiguousSequences();
    // The instances did race: conflicts happened and were decided again.
    expect(instances[0]!.store.conflicts + instances[1]!.store.conflicts).toBeGreaterThan(0);
  });

  it('accepts exactly as many concurrent deductions as the stack covers', async () => {
    const before = (await stack())!;
    const books = Array.from({ length: before * 2 }, () => command(DeductFromPlayerStackSchema));
    const outcomes = await hammer(books);

    const accepted = outcomes.filter((o) => o.result.case === 'accepted');
    const rejected = outcomes.filter((o) => o.result.case === 'rejected');
    expect(accepted).toHaveLength(before);
    expect(rejected.map((o) => o.result.value)).toEqual(
      Array.from({ length: before }, () =>
        expect.objectContaining({ reason: 'insufficient_stack' }),
      ),
    );
    expect(await stack()).toBe(0);
    await expectContiguousSequences();

    // The same commands again, from the other instance: the first outcomes, nothing appended.
    const length = (await system.eventTypes('table', tableId)).length;
    const again = await hammer([...books].reverse());
    expect(again.reverse()).toEqual(outcomes);
    expect(await system.eventTypes('table', tableId)).toHaveLength(length);
    await system.settled();
  });

  /** Page i has sequence i: no two appends took the same place, none left a gap. */
  async function expectContiguousSequences(): Promise<void> {
    const { pages } = await instances[0]!.store.load({ domain: 'table', root: tableId });
    expect(pages.map((p) => toSequence(p.sequence))).toEqual(pages.map((_, i) => i));
  }
});

/**
 * Sends a command until it is decided. A conflict that outlasts the runtime's bounded retries
 * reaches the caller, who sends the same command (same id) again, as a gateway's retry would.
 */
async function sendUntilDecided(service: Service, book: CommandBook): Promise<CommandOutcome> {
  for (;;) {
    try {
      return await service.runtime.send(book);
    } catch (error) {
      if (!isConcurrencyError(error)) throw error;
    }
  }
}
