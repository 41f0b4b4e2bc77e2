import type { HandState, TableState } from '@poker/domain';
import { checkEqual, type Scenario } from './scenario';
import { commands, correlationFor, plainEvents, threeHanded } from './poker-setup';

/**
 * Alice faces 10 to call and bets 13: neither a call nor a legal raise (at least 20). The hand
 * rejects the bet and records nothing; the hand's gateway prompts her again with the reason, for
 * the same action (her shot clock keeps running). She then calls.
 */
export const invalidBet: Scenario = {
  name: 'invalid-bet',
  title: 'An illegal bet amount is rejected and the player is prompted to act again',
  expected: 'PlaceBet rejected (invalid_bet_amount), ActionRequested again with retry_reason',
  async play(room) {
    const { alice, bob, table, hand } = await threeHanded(room);
    const correlationId = correlationFor('invalid-bet');

    const illegal = await room.send('hand', hand, commands.bet(alice, 13), correlationId);
    await room.settle();
    const prompts = (await plainEvents(room, 'hand', hand)).filter(
      (e) => e.type === 'ActionRequested',
    );
    const afterIllegal = await room.state<HandState>('hand', hand);

    const call = await room.send('hand', hand, commands.bet(alice, 10), correlationId);
    await room.settle();
    const hand_ = await room.state<HandState>('hand', hand);
    const table_ = await room.state<TableState>('table', table);
    return {
      correlationId,
      checks: [
        checkEqual(
          'the bet is rejected',
          illegal.result.case === 'rejected' ? illegal.result.value.reason : illegal.result.case,
          'invalid_bet_amount',
        ),
        checkEqual(
          'Alice is prompted again for the same action, with the reason',
          prompts.slice(-2).map((p) => [p.playerId, p.actionNumber, p.retryReason]),
          [
            [alice, 1, ''],
            [alice, 1, 'invalid_bet_amount'],
          ],
        ),
        checkEqual(
          'nothing was bet',
          afterIllegal.players.find((p) => p.playerId === alice)?.committed,
          0,
        ),
        checkEqual('her call is accepted', call.result.case, 'accepted'),
        checkEqual('the action moves on to Bob', hand_.action?.playerId, bob),
        checkEqual('the table took exactly the call', table_.seats[alice]?.stack, 490),
      ],
    };
  },
};
