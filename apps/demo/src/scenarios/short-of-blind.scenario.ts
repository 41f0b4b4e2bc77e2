import type { TableState } from '@poker/domain';
import { SHORT_OF_BLIND } from '@poker/domain';
import { checkEqual, type Scenario } from './scenario';
import {
  commands,
  correlationFor,
  freshIds,
  plainEvents,
  registerPlayers,
  seatPlayers,
  setUp,
} from './poker-setup';

/**
 * Alice bought in for one big blind and lost half of it: in the next hand her seat owes the big
 * blind (10) and she has 5. The hand sits her out and deals on without her; the hand-table saga
 * sits her out at the table too, so she is not dealt in again until she sits back in.
 */
export const shortOfBlind: Scenario = {
  name: 'short-of-blind',
  title: 'A player who cannot cover their blind is sat out, and the table is told',
  expected: `PlayerSatOutOfHand (${SHORT_OF_BLIND}), blinds from the next players; PlayerSatOut at the table`,
  async play(room) {
    const { alice, bob, carol, table, hand, dave } = freshIds();
    const nextHand = dave; // any fresh id
    await registerPlayers(room, [
      [alice, 1000],
      [bob, 1000],
      [carol, 1000],
    ]);
    await setUp(room, 'table', table, commands.openTable());
    await seatPlayers(room, table, [
      [alice, 1, 10],
      [bob, 2, 500],
    ]);
    // Heads-up, Alice on the button posts the small blind, acts first and folds: 5 chips left.
    await setUp(room, 'table', table, commands.deal(hand));
    await setUp(room, 'hand', hand, commands.fold(alice));
    await seatPlayers(room, table, [[carol, 3, 500]]);

    const correlationId = correlationFor('short-of-blind');
    const outcome = await room.send('table', table, commands.deal(nextHand), correlationId);
    await room.settle();

    const events = await plainEvents(room, 'hand', nextHand);
    const table_ = await room.state<TableState>('table', table);
    const satOut = (await plainEvents(room, 'table', table)).findLast(
      (e) => e.type === 'PlayerSatOut',
    );
    return {
      correlationId,
      checks: [
        checkEqual('the table deals the hand', outcome.result.case, 'accepted'),
        checkEqual(
          'the hand sits Alice out and posts the blinds of Bob and Carol',
          events.slice(0, 5).map((e) => [e.type, e.playerId, e.reason ?? e.amount]),
          [
            ['HandStarted', undefined, undefined],
            ['PlayerSatOutOfHand', alice, SHORT_OF_BLIND],
            ['BlindPosted', bob, 5],
            ['BlindPosted', carol, 10],
            ['ActionRequested', bob, undefined],
          ],
        ),
        checkEqual(
          'the table sits her out, saying why',
          [satOut?.playerId, satOut?.reason],
          [alice, SHORT_OF_BLIND],
        ),
        checkEqual('she is sitting out at the table', table_.seats[alice]?.sittingOut, true),
        checkEqual('her 5 chips stay in her stack', table_.seats[alice]?.stack, 5),
      ],
    };
  },
};
