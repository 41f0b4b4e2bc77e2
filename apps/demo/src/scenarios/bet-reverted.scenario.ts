import type { TableState } from '@poker/domain';
import { check, checkEqual, type Scenario } from './scenario';
import { commands, correlationFor, reasonOf, setUp, threeHanded } from './poker-setup';
import { regulatorSteps, renderRegulatorSteps } from './regulator-steps';

/**
 * The seed story: the floor folded Alice at the table, but the hand still takes her bet. The
 * hand-table saga asks the table for the chips, the table refuses (`player_folded`), and the
 * rejection goes straight back to the hand, which reverts the bet.
 */
export const betReverted: Scenario = {
  name: 'bet-reverted',
  title: 'A bet whose chips the table refuses (the player already folded) is reverted',
  expected: 'BetPlaced, then BetReverted (player_folded) at the hand; the stack is untouched',
  async play(room) {
    const { alice, table, hand } = await threeHanded(room, { ranking: ['carol'] });
    const correlationId = correlationFor('bet-reverted');
    await setUp(room, 'table', table, commands.floorFold(alice, hand));

    const outcome = await room.send('hand', hand, commands.bet(alice, 30), correlationId);
    await room.settle();

    const history = await room.history('hand', hand);
    const placed = history.lastIndexOf('BetPlaced');
    const reverted = history.lastIndexOf('BetReverted');
    const steps = regulatorSteps(await room.timeline(correlationId));
    const table_ = await room.state<TableState>('table', table);
    return {
      correlationId,
      checks: [
        checkEqual('the hand accepts the bet', outcome.result.case, 'accepted'),
        check(
          'the hand appends BetPlaced, then BetReverted',
          placed !== -1 && reverted > placed,
          history.join(', '),
        ),
        checkEqual(
          'the revert gives the table’s reason',
          await reasonOf(room, 'hand', hand, 'BetReverted'),
          'player_folded',
        ),
        checkEqual('Alice’s stack at the table is untouched', table_.seats[alice]?.stack, 500),
        check(
          'the timeline records the five steps',
          steps.every((s) => s.entry !== undefined),
          steps
            .filter((s) => !s.entry)
            .map((s) => s.step)
            .join(', '),
        ),
      ],
      notes: [
        'The regulator’s question, answered from the audit trail:',
        ...renderRegulatorSteps(steps),
      ],
    };
  },
};
