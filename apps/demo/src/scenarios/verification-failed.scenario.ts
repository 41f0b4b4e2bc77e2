import type { PlayerState, TableState } from '@poker/domain';
import { checkEqual, type Scenario } from './scenario';
import { commands, correlationFor, freshIds, reasonOf, setUp } from './poker-setup';

/**
 * Carol's KYC is pending: she is seated and her buy-in taken before verification fails. The
 * table releases the seat, refunds the buy-in and records the rejected join; the refund
 * releases her reservation at the player.
 */
export const verificationFailed: Scenario = {
  name: 'verification-failed',
  title: 'A player failing verification after seat and buy-in gets both back',
  expected: 'SeatReleased, BuyInRefunded, JoinRejected at the table; FundsReleased at the player',
  async play(room) {
    const { carol, table } = freshIds();
    const correlationId = correlationFor('verification-failed');
    await setUp(room, 'player', carol, commands.register(800, true));
    await setUp(room, 'table', table, commands.openTable());

    const outcome = await room.send(
      'table',
      table,
      commands.requestSeat(carol, 4, 300),
      correlationId,
    );
    await room.settle();

    const tableState = await room.state<TableState>('table', table);
    const player = await room.state<PlayerState>('player', carol);
    return {
      correlationId,
      checks: [
        checkEqual('the table takes the seat request', outcome.result.case, 'accepted'),
        checkEqual('the table’s events', await room.history('table', table), [
          'TableOpened',
          'SeatRequested',
          'PlayerJoined',
          'SeatReleased',
          'BuyInRefunded',
          'JoinRejected',
        ]),
        checkEqual(
          'the rejected join gives the player’s reason',
          await reasonOf(room, 'table', table, 'JoinRejected'),
          'kyc_pending',
        ),
        checkEqual('the player’s events', await room.history('player', carol), [
          'PlayerRegistered',
          'FundsReserved',
          'FundsReleased',
        ]),
        checkEqual('the seat is free again', Object.keys(tableState.seats), []),
        checkEqual('Carol’s bankroll is whole again', player.bankroll, 800),
      ],
    };
  },
};
