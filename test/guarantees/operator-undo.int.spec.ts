import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { cli } from '../../libs/saga-kit/src/cli/cli-runner.spec';
import { create } from '@bufbuild/protobuf';
import { JoinTableSchema } from '@poker/contracts';
import { uuidToBytes } from '@saga-kit/core';
import { kafkaBrokers, redisUrl, waitFor } from '../infra';
import { newId, openTable } from './support/poker-flows';
import { PokerSystem, type Service } from './support/poker-system';

/**
 * An operator's undo that the aggregate's service refuses (here: compensation of an event type
 * with no `@Compensate` handler, which only the service can know): the CLI says so as soon as the
 * service has dead-lettered the request, and the aggregate goes on taking commands.
 */
describe('saga-kit compensate, refused by the service (Kafka, Redis)', () => {
  let system: PokerSystem;
  let table: Service;

  beforeAll(async () => {
    system = await PokerSystem.create('operator-undo');
    table = await system.start('table');
  });

  afterAll(async () => {
    await system?.stop();
  });

  const operator = (...args: string[]) =>
    cli(
      '--redis',
      redisUrl(),
      '--prefix',
      system.prefix,
      '--key-prefix',
      system.prefix,
      '--brokers',
      kafkaBrokers().join(','),
      ...args,
    );

  it('reports the refusal with its dead letter instead of waiting out the timeout', async () => {
    const tableId = newId();
    await openTable(system, table, tableId);

    const result = await operator(
      'compensate',
      ...['--domain', 'table', '--root', tableId, '--sequences', '0'],
      ...['--reason', 'opened by mistake', '--timeout', '45'],
    );
    expect(result.code).toBe(2);
    expect(result.err.at(-1)).toMatch(
      /^saga-kit: refused by the table service \(invalid_undo_request\): saga-kit dlq show [0-9a-f-]{36} says why$/,
    );

    // The refused request does not park the table: a join sent through Kafka after it is handled.
    expect(await table.runtime.parking?.parked('table', tableId)).toEqual([]);
    await system.publish(table, [
      system.command({
        domain: 'table',
        root: tableId,
        command: create(JoinTableSchema, { playerId: uuidToBytes(newId()), seat: 1, buyIn: 100 }),
      }),
    ]);
    await waitFor(
      async () =>
        (await system.events('table', tableId)).some(
          (e) => e.$typeName === 'poker.v1.PlayerJoined',
        ),
      { message: 'the join after the refused request to be handled' },
    );
  });
});
