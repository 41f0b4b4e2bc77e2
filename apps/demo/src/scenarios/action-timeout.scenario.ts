import type { HandState, TableState } from '@poker/domain';
import { check, checkEqual, type Scenario } from './scenario';
import { commands, correlationFor, plainEvents, threeHanded } from './poker-setup';

/** This table's shot clock. */
const SHOT_CLOCK_SECONDS = 10;

/**
 * Nobody waits forever: every prompt sets a durable timer (saga `hand-timers`, kept in the
 * service's job queue). The demo moves its clock 10 seconds on: Alice, facing a bet, is folded;
 * later Carol, with nothing to call, checks. Each timer reaches the hand as `ExpireActionTimer`
 * for its action number; Bob called in time, so his timer is stale and changes nothing.
 */
export const actionTimeout: Scenario = {
  name: 'action-timeout',
  title: 'A player whose time runs out is folded, or checks when there is nothing to call',
  expected: 'PlayerFolded (timeout) facing a bet; PlayerChecked (timeout) with nothing to call',
  async play(room) {
    const correlationId = correlationFor('action-timeout');
    const { alice, bob, carol, table, hand } = await threeHanded(room, {
      table: { actionTimeoutSeconds: SHOT_CLOCK_SECONDS },
      dealCorrelation: correlationId,
    });

    await room.advanceClock(SHOT_CLOCK_SECONDS * 1000);
    const folded = (await plainEvents(room, 'hand', hand)).find((e) => e.type === 'PlayerFolded');
    const call = await room.send('hand', hand, commands.bet(bob, 5), correlationId);
    await room.settle();
    await room.advanceClock(SHOT_CLOCK_SECONDS * 1000);

    const events = await plainEvents(room, 'hand', hand);
    const checked = events.find((e) => e.type === 'PlayerChecked');
    const hand_ = await room.state<HandState>('hand', hand);
    const table_ = await room.state<TableState>('table', table);
    const timeline = await room.timeline(correlationId);
    return {
      correlationId,
      checks: [
        checkEqual(
          'Alice, facing 10, is folded',
          [folded?.playerId, folded?.reason],
          [alice, 'timeout'],
        ),
        checkEqual('Bob calls in time', call.result.case, 'accepted'),
        checkEqual(
          'Carol, with nothing to call, checks',
          [checked?.playerId, checked?.reason],
          [carol, 'timeout'],
        ),
        check(
          'Bob’s timer, for the prompt he answered in time, changes nothing',
          timeline.some(
            (e) =>
              e.kind === 'command.accepted' &&
              e.commandType === 'ExpireActionTimer' &&
              (e.eventTypes ?? []).length === 0,
          ),
        ),
        checkEqual('the hand moves on to the flop', hand_.street, 'flop'),
        checkEqual('the table records Alice’s fold', table_.hand?.folded, [alice]),
        check(
          'the timeline shows the timers set for the prompts, and the fold and check they caused',
          timeline.some((e) => e.kind === 'command.issued' && e.details?.deliverAt !== undefined) &&
            ['PlayerFolded', 'PlayerChecked'].every((type) =>
              timeline.some(
                (e) =>
                  e.kind === 'command.accepted' &&
                  e.commandType === 'ExpireActionTimer' &&
                  (e.eventTypes ?? []).includes(type),
              ),
            ),
          timeline.map((e) => `${e.kind} ${e.commandType ?? ''}`).join(', '),
        ),
      ],
    };
  },
};
