import { POKER_FILES } from '@poker/contracts';
import { buildCommandBook } from '@saga-kit/core';
import { createHarness, type Harness } from '@saga-kit/core/testing';
import { POKER_SERVICES } from '../poker-services';
import { act, dealtRoom, gateway, ids, plainOf } from '../testing';
import { retryPromptFor } from './action-retry';
import { promptRetryAfterRejection } from './action-retry.prompter';
import type { HandState } from './hand.state';

const { alice, bob, carol, hand, table } = ids;
const players = [alice, bob, carol];

describe('retryPromptFor', () => {
  const state = dealtRoom().state('hand', hand);

  it('prompts the player on turn again after an illegal amount, for the same action', () => {
    expect(plainOf(retryPromptFor(act.bet(alice, 13), 'invalid_bet_amount', state)!)).toEqual({
      type: 'RequestActionRetry',
      playerId: alice,
      actionNumber: 1,
      reason: 'invalid_bet_amount',
    });
    expect(retryPromptFor(act.check(alice), 'cannot_check', state)?.reason).toBe('cannot_check');
  });

  it('prompts nobody for other reasons, other players or a hand that moved on', () => {
    expect(retryPromptFor(act.bet(alice, 13), 'not_your_turn', state)).toBeNull();
    expect(retryPromptFor(act.bet(bob, 13), 'invalid_bet_amount', state)).toBeNull();
    expect(retryPromptFor(act.fold(alice), 'invalid_bet_amount', state)).toBeNull();
    const ended: HandState = { ...state, status: 'ended', action: null };
    expect(retryPromptFor(act.bet(alice, 13), 'invalid_bet_amount', ended)).toBeNull();
  });
});

describe('promptRetryAfterRejection on the runtime', () => {
  let h: Harness;
  afterEach(() => h.stop());

  it('re-prompts once after an invalid bet, in the bet’s correlation, keeping the timer', async () => {
    h = await createHarness({
      aggregates: POKER_SERVICES.flatMap((s) => s.aggregates),
      sagas: POKER_SERVICES.flatMap((s) => s.sagas),
      registryFiles: POKER_FILES,
    });
    for (const p of players)
      await h.send({ domain: 'player', root: p, command: gateway.register(1000) });
    await h.send({ domain: 'table', root: table, command: gateway.openTable() });
    await h.waitForIdle();
    for (const [i, p] of players.entries()) {
      await h.send({ domain: 'table', root: table, command: gateway.requestSeat(p, i + 1, 500) });
      await h.waitForIdle();
    }
    await h.send({ domain: 'table', root: table, command: gateway.deal(hand) });
    await h.waitForIdle();
    const timers = await h.runtime.timers.queue!.size();

    const book = buildCommandBook(h.registry, {
      domain: 'hand',
      root: hand,
      command: act.bet(alice, 13),
      correlationId: 'invalid-bet',
    });
    const outcome = await h.send(book);
    expect(outcome.result).toMatchObject({
      case: 'rejected',
      value: { reason: 'invalid_bet_amount' },
    });
    const sent = {
      root: hand,
      command: act.bet(alice, 13),
      commandId: book.commandId,
      correlationId: 'invalid-bet',
      reason: 'invalid_bet_amount',
    };
    const prompt = await promptRetryAfterRejection(h.runtime, h.registry, sent);
    expect(prompt?.result.case).toBe('accepted');
    expect(await promptRetryAfterRejection(h.runtime, h.registry, sent)).toEqual(prompt);

    const events = (await h.history('hand', hand)).map(plainOf);
    expect(events.filter((e) => e.type === 'ActionRequested').slice(-2)).toEqual([
      expect.objectContaining({ playerId: alice, actionNumber: 1 }),
      expect.objectContaining({
        playerId: alice,
        actionNumber: 1,
        retryReason: 'invalid_bet_amount',
      }),
    ]);
    await h.waitForIdle();
    expect(await h.runtime.timers.queue!.size()).toBe(timers);
    const kinds = (await h.timeline('invalid-bet')).map((e) => `${e.kind} ${e.commandType}`);
    expect(kinds).toEqual(['command.rejected PlaceBet', 'command.accepted RequestActionRetry']);
  });
});
