import { create, type Message } from '@bufbuild/protobuf';
import { POKER_FILES, SuspendPlayerSchema } from '@poker/contracts';
import { createHarness, type Harness } from '@saga-kit/core/testing';
import { totalChips } from './chips/total-chips';
import type { HandState } from './hand/hand.state';
import type { PlayerState } from './player/player.state';
import { POKER_SERVICES } from './poker-services';
import type { TableState } from './table/table.state';
import { act, gateway, ids, typesOf } from './testing';

const { alice, bob, carol, dave, table, hand } = ids;

/** The three poker services on saga-kit's in-memory runtime (memory transport and store). */
async function pokerRoom(): Promise<Harness> {
  return createHarness({
    aggregates: POKER_SERVICES.flatMap((s) => s.aggregates),
    sagas: POKER_SERVICES.flatMap((s) => s.sagas),
    registryFiles: POKER_FILES,
  });
}

describe('the poker services on the saga-kit runtime', () => {
  let room: Harness;
  const send = async (domain: string, root: string, command: Message) => {
    const outcome = await room.send({ domain, root, command });
    await room.waitForIdle();
    return outcome;
  };
  const chips = async (players: string[], hands: string[] = []) =>
    totalChips(
      await Promise.all(players.map((p) => room.state<PlayerState>('player', p))),
      [await room.state<TableState>('table', table)],
      await Promise.all(hands.map((h) => room.state<HandState>('hand', h))),
    );

  beforeEach(async () => {
    room = await pokerRoom();
    for (const player of [alice, bob, carol]) await send('player', player, gateway.register(1000));
    await send('table', table, gateway.openTable());
  });
  afterEach(() => room.stop());

  it('seats players through the seat-request saga flow', async () => {
    await send('table', table, gateway.requestSeat(alice, 1, 400));
    expect(typesOf(await room.history('player', alice))).toEqual([
      'PlayerRegistered',
      'FundsReserved',
      'PlayerVerified',
    ]);
    const state = await room.state<TableState>('table', table);
    expect(state.seats[alice]).toMatchObject({ stack: 400, status: 'playing' });
    expect(await chips([alice, bob, carol])).toBe(3000);
  });

  it('reverts a bet whose deduction the table rejects because the player folded', async () => {
    for (const [player, seat] of [
      [alice, 1],
      [bob, 2],
      [carol, 3],
    ] as const) {
      await send('table', table, gateway.requestSeat(player, seat, 500));
    }
    await send('table', table, gateway.deal(hand, [carol]));
    await send('table', table, gateway.floorFold(alice, hand));
    await send('hand', hand, act.bet(alice, 30));
    const history = typesOf(await room.history('hand', hand));
    expect(history).toContain('BetReverted');
    expect(history.slice(history.indexOf('BetPlaced'))).toEqual([
      'BetPlaced',
      'ActionRequested',
      'BetReverted',
      'PlayerFolded',
    ]);
    const seats = (await room.state<TableState>('table', table)).seats;
    expect(seats[alice]?.stack).toBe(500);
    expect(await chips([alice, bob, carol], [hand])).toBe(3000);
  });

  it('undoes a join whose player fails verification, back to the bankroll', async () => {
    await send('player', dave, gateway.register(600, true));
    await send('table', table, gateway.requestSeat(dave, 2, 300));
    expect(typesOf(await room.history('table', table)).slice(-3)).toEqual([
      'SeatReleased',
      'BuyInRefunded',
      'JoinRejected',
    ]);
    expect(typesOf(await room.history('player', dave)).at(-1)).toBe('FundsReleased');
    expect((await room.state<PlayerState>('player', dave)).bankroll).toBe(600);
  });

  it('delegates a reservation refused for another reason than money to the framework', async () => {
    await send('player', dave, gateway.register(600));
    await send('player', dave, create(SuspendPlayerSchema, { reason: 'review' }));
    const outcome = await send('table', table, gateway.requestSeat(dave, 2, 300));
    const delegated = (await room.timeline(outcome.commandId)).filter(
      (e) => e.kind === 'revocation.delegated',
    );
    expect(delegated).toHaveLength(1);
    expect(delegated[0]).toMatchObject({ domain: 'table', reason: 'player_suspended' });
    expect(delegated[0]?.details).toMatchObject({ sendToDeadLetter: true, escalate: true });
    expect((await room.state<PlayerState>('player', dave)).bankroll).toBe(600);
  });

  it('refunds the pots and cashes everybody out when the table closes mid-hand', async () => {
    for (const [player, seat] of [
      [alice, 1],
      [bob, 2],
      [carol, 3],
    ] as const) {
      await send('table', table, gateway.requestSeat(player, seat, 500));
    }
    await send('table', table, gateway.deal(hand));
    await send('hand', hand, act.bet(alice, 50));
    await send('table', table, gateway.close());
    expect(typesOf(await room.history('hand', hand)).slice(-3)).toEqual([
      'BettingClosed',
      'PotsRefunded',
      'HandEnded',
    ]);
    for (const player of [alice, bob, carol]) {
      expect((await room.state<PlayerState>('player', player)).bankroll).toBe(1000);
    }
  });
});
