import type { HandState, TableState } from '@poker/domain';
import { check, checkEqual, type Scenario } from './scenario';
import { commands, correlationFor, plainEvents, threeHanded } from './poker-setup';

/**
 * Alice's connection drops while the hand waits for her: nobody waits for a player who is gone.
 * The hand folds her at once and prompts the next player; the hand-table saga records the fold
 * at the table.
 */
export const playerDisconnected: Scenario = {
  name: 'player-disconnected',
  title: 'A player who disconnects on their turn is folded, and the action moves on',
  expected:
    'PlayerFolded (disconnected), then ActionRequested for the next player; the table knows',
  async play(room) {
    const { alice, bob, table, hand } = await threeHanded(room);
    const correlationId = correlationFor('player-disconnected');

    const outcome = await room.send('hand', hand, commands.disconnect(alice), correlationId);
    await room.settle();

    const events = await plainEvents(room, 'hand', hand);
    const hand_ = await room.state<HandState>('hand', hand);
    const table_ = await room.state<TableState>('table', table);
    return {
      correlationId,
      checks: [
        checkEqual('the hand takes the disconnection', outcome.result.case, 'accepted'),
        checkEqual(
          'Alice is folded because she disconnected, and Bob is prompted next',
          events.slice(-2).map((e) => [e.type, e.playerId, e.reason ?? e.actionNumber]),
          [
            ['PlayerFolded', alice, 'disconnected'],
            ['ActionRequested', bob, 2],
          ],
        ),
        checkEqual('the action is Bob’s', hand_.action?.playerId, bob),
        checkEqual('the table records the fold', table_.hand?.folded, [alice]),
        checkEqual('Alice’s stack is untouched', table_.seats[alice]?.stack, 500),
        check(
          'Bob’s shot clock is set',
          (await room.timeline(correlationId)).some(
            (e) => e.kind === 'command.issued' && e.commandType === 'ExpireActionTimer',
          ),
        ),
      ],
    };
  },
};
