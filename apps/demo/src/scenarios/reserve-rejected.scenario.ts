import type { PlayerState } from '@poker/domain';
import { checkEqual, type Scenario } from './scenario';
import {
  commands,
  correlationFor,
  freshIds,
  reasonOf,
  registerPlayers,
  setUp,
} from './poker-setup';

/**
 * Carol asks for a seat with a buy-in above her bankroll: the table-player saga asks her player
 * aggregate to reserve it, which refuses (`insufficient_balance`), and the table sits her out.
 */
export const reserveRejected: Scenario = {
  name: 'reserve-rejected',
  title: 'A buy-in the player cannot afford sits the player out',
  expected: 'SeatRequested, then PlayerSatOut (insufficient_balance) at the table',
  async play(room) {
    const { carol, table } = freshIds();
    const correlationId = correlationFor('reserve-rejected');
    await registerPlayers(room, [[carol, 50]]);
    await setUp(room, 'table', table, commands.openTable());

    const outcome = await room.send(
      'table',
      table,
      commands.requestSeat(carol, 2, 100),
      correlationId,
    );
    await room.settle();

    const player = await room.state<PlayerState>('player', carol);
    return {
      correlationId,
      checks: [
        checkEqual('the table takes the seat request', outcome.result.case, 'accepted'),
        checkEqual('the table’s events', await room.history('table', table), [
          'TableOpened',
          'SeatRequested',
          'PlayerSatOut',
        ]),
        checkEqual(
          'the sit-out gives the player’s reason',
          await reasonOf(room, 'table', table, 'PlayerSatOut'),
          'insufficient_balance',
        ),
        checkEqual('Carol’s bankroll is untouched', player.bankroll, 50),
      ],
    };
  },
};
