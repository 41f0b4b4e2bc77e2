import type { PlayerState } from '@poker/domain';
import { checkEqual, type Scenario } from './scenario';
import { commands, correlationFor, setUp, threeHanded } from './poker-setup';

/**
 * The table closes in the middle of a hand: the table-hand saga aborts the hand, which refunds
 * every pot; the refunds go back to the stacks and every player is cashed out to the bankroll.
 */
export const tableClosed: Scenario = {
  name: 'table-closed',
  title: 'A table closing mid-hand refunds the pots and cashes everybody out',
  expected: 'BettingClosed, PotsRefunded, HandEnded at the hand; every bankroll whole again',
  async play(room) {
    const { alice, bob, carol, table, hand } = await threeHanded(room);
    const correlationId = correlationFor('table-closed');
    const players = [alice, bob, carol];
    await setUp(room, 'hand', hand, commands.bet(alice, 50));

    const outcome = await room.send('table', table, commands.closeTable(), correlationId);
    await room.settle();

    const bankrolls = await Promise.all(
      players.map(async (p) => (await room.state<PlayerState>('player', p)).bankroll),
    );
    return {
      correlationId,
      checks: [
        checkEqual('the table closes', outcome.result.case, 'accepted'),
        checkEqual('the hand ends with a refund', (await room.history('hand', hand)).slice(-3), [
          'BettingClosed',
          'PotsRefunded',
          'HandEnded',
        ]),
        checkEqual('every bankroll is whole again', bankrolls, [1000, 1000, 1000]),
      ],
    };
  },
};
