import { create } from '@bufbuild/protobuf';
import { timestampFromMs } from '@bufbuild/protobuf/wkt';
import { ActionRequestedSchema } from '@poker/contracts';
import type { SagaCommand, SagaContext } from '@saga-kit/core';
import { bytesOf } from '../shared';
import { NOW, act, dealtRoom, ids, plainOf, type PokerRoom } from '../testing';
import { HandTimersSaga } from './hand-timers.saga';

const { alice, bob, carol, hand, table } = ids;
const SHOT_CLOCK_MS = 30_000;

/** A hand dealt to alice, bob and carol (500 each), who win at showdown in reverse order. */
const dealt = () => dealtRoom([carol, bob, alice]);

const last = (room: PokerRoom, n: number) => room.events('hand', hand).slice(-n).map(plainOf);

describe('saga hand-timers', () => {
  const prompt = (retryReason = '') =>
    create(ActionRequestedSchema, {
      playerId: bytesOf(alice),
      actionNumber: 3,
      toCall: 10,
      retryReason,
      expiresAt: timestampFromMs(NOW.getTime() + SHOT_CLOCK_MS),
    });
  const issued: SagaCommand[] = [];
  const ctx = {
    source: { domain: 'hand', root: hand, sequence: 7, eventId: 'e' },
    command: (target: string, command: SagaCommand['command'], options: { deliverAt?: Date }) => {
      const c = { root: bytesOf(target), command, deliverAt: options.deliverAt! };
      issued.push(c);
      return c;
    },
  } as unknown as SagaContext;
  beforeEach(() => issued.splice(0));

  it('sets a timer for the prompt that fires ExpireActionTimer when it expires', () => {
    new HandTimersSaga().react(prompt(), ctx);
    expect(issued.map((c) => ({ ...plainOf(c.command), at: c.deliverAt }))).toEqual([
      {
        type: 'ExpireActionTimer',
        playerId: alice,
        actionNumber: 3,
        at: new Date(NOW.getTime() + SHOT_CLOCK_MS),
      },
    ]);
  });

  it('sets none for a re-prompt after a rejected action: the first timer still stands', () => {
    new HandTimersSaga().react(prompt('invalid_bet_amount'), ctx);
    expect(issued).toEqual([]);
  });
});

describe('the shot clock in a hand', () => {
  it('folds a player who must call when the time runs out, and prompts the next', () => {
    const room = dealt();
    expect(room.pendingTimers).toBe(1);
    room.advance(SHOT_CLOCK_MS - 1);
    expect(room.state('hand', hand).action?.playerId).toBe(alice);

    room.advance(1);
    expect(last(room, 2)).toEqual([
      { type: 'PlayerFolded', playerId: alice, reason: 'timeout', tableId: table },
      expect.objectContaining({ type: 'ActionRequested', playerId: bob, actionNumber: 2 }),
    ]);
    expect(room.state('table', table).hand?.folded).toEqual([alice]);
  });

  it('checks for a player with nothing to call, and the hand moves on to the flop', () => {
    const room = dealt();
    room.send('hand', hand, act.bet(alice, 10)).send('hand', hand, act.bet(bob, 5));
    expect(room.state('hand', hand).action).toMatchObject({ playerId: carol, actionNumber: 3 });
    room.advance(SHOT_CLOCK_MS);
    expect(room.types('hand', hand)).toContain('StreetAdvanced');
    expect(room.events('hand', hand).map(plainOf)).toContainEqual({
      type: 'PlayerChecked',
      playerId: carol,
      reason: 'timeout',
    });
    expect(room.state('hand', hand).street).toBe('flop');
  });

  it('changes nothing when the player acted in time: the timer is stale', () => {
    const room = dealt();
    room.advance(10_000);
    room.send('hand', hand, act.bet(alice, 10));
    const before = room.types('hand', hand);
    // Alice's timer (action 1) fires; bob's (action 2, set 10 s later) is still running.
    room.advance(SHOT_CLOCK_MS - 10_000);
    expect(room.pendingTimers).toBe(1);
    expect(room.types('hand', hand)).toEqual(before);
    expect(room.state('hand', hand).action?.playerId).toBe(bob);

    room.advance(10_000);
    expect(last(room, 2)[0]).toMatchObject({ type: 'PlayerFolded', playerId: bob });
  });

  it('plays a whole hand out when nobody acts, and keeps every chip', () => {
    const room = dealt();
    for (let i = 0; i < 10 && room.state('hand', hand).status !== 'ended'; i++) {
      room.advance(SHOT_CLOCK_MS);
    }
    expect(room.state('hand', hand).status).toBe('ended');
    // Alice and bob fold to the big blind.
    expect(room.state('table', table).seats[carol]?.stack).toBe(505);
    expect(room.totalChips()).toBe(3000);
    expect(room.rejections).toEqual([]);
  });
});
