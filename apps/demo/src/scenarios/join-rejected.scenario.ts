import type { PlayerState } from '@poker/domain';
import { checkEqual, type Scenario } from './scenario';
import {
  commands,
  correlationFor,
  freshIds,
  reasonOf,
  registerPlayers,
  seatPlayers,
  setUp,
} from './poker-setup';

/**
 * Carol reserves a buy-in for a table that filled up meanwhile: the player-table saga asks the
 * table to seat her, the table refuses (`table_full`), and her player aggregate releases the
 * reserved funds.
 */
export const joinRejected: Scenario = {
  name: 'join-rejected',
  title: 'A join the table refuses (table full) releases the reserved buy-in',
  expected: 'FundsReserved, then FundsReleased (table_full) at the player; bankroll restored',
  async play(room) {
    const { alice, bob, carol, table } = freshIds();
    const correlationId = correlationFor('join-rejected');
    await registerPlayers(room, [
      [alice, 500],
      [bob, 500],
      [carol, 500],
    ]);
    await setUp(room, 'table', table, commands.openTable({ maxSeats: 2 }));
    await seatPlayers(room, table, [
      [alice, 1, 100],
      [bob, 2, 100],
    ]);

    const outcome = await room.send(
      'player',
      carol,
      commands.reserve(table, 1, 100),
      correlationId,
    );
    await room.settle();

    const player = await room.state<PlayerState>('player', carol);
    return {
      correlationId,
      checks: [
        checkEqual('the player reserves the buy-in', outcome.result.case, 'accepted'),
        checkEqual('the player’s events', await room.history('player', carol), [
          'PlayerRegistered',
          'FundsReserved',
          'FundsReleased',
        ]),
        checkEqual(
          'the release gives the table’s reason',
          await reasonOf(room, 'player', carol, 'FundsReleased'),
          'table_full',
        ),
        checkEqual('Carol’s bankroll is whole again', player.bankroll, 500),
      ],
    };
  },
};
