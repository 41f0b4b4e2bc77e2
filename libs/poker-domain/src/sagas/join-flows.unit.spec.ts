import { create } from '@bufbuild/protobuf';
import { ReserveFundsSchema, SuspendPlayerSchema } from '@poker/contracts';
import { bytesOf } from '../shared';
import { gateway, ids, roomWith, type PokerRoom } from '../testing';

const { alice, bob, carol, dave, table } = ids;
const reserveDirectly = (room: PokerRoom, player: string, seat: number, amount: number) =>
  room.send(
    'player',
    player,
    create(ReserveFundsSchema, { tableId: bytesOf(table), amount, seat }),
  );

describe('joining a table', () => {
  it('requests a seat, reserves the buy-in, joins, verifies and confirms the seat', () => {
    const room = roomWith([[alice, 1000]], [[alice, 3, 400]]);
    expect(room.types('table', table)).toEqual([
      'TableOpened',
      'SeatRequested',
      'PlayerJoined',
      'SeatConfirmed',
    ]);
    expect(room.types('player', alice)).toEqual([
      'PlayerRegistered',
      'FundsReserved',
      'PlayerVerified',
    ]);
    expect(room.state('table', table).seats[alice]).toMatchObject({
      seat: 3,
      stack: 400,
      status: 'playing',
    });
    expect(room.state('player', alice)).toMatchObject({ bankroll: 600, reservations: {} });
    expect(room.totalChips()).toBe(1000);
  });

  it('releases the reservation of the player who lost a race for a seat', () => {
    const room = roomWith([
      [alice, 1000],
      [bob, 1000],
    ]);
    room.post('table', table, gateway.requestSeat(alice, 1, 300));
    room.send('table', table, gateway.requestSeat(bob, 1, 500));
    expect(room.types('player', bob)).toEqual([
      'PlayerRegistered',
      'FundsReserved',
      'FundsReleased',
    ]);
    expect(room.rejections).toEqual([
      { domain: 'table', command: 'JoinTable', reason: 'seat_taken', answer: 'events' },
    ]);
    expect(room.state('player', bob)).toMatchObject({ bankroll: 1000, reservations: {} });
    expect(room.totalChips()).toBe(2000);
  });

  it('releases a buy-in reserved for a table the player already sits at', () => {
    const room = roomWith([[alice, 1000]], [[alice, 1, 300]]);
    reserveDirectly(room, alice, 2, 200);
    expect(room.rejections.at(-1)).toMatchObject({ reason: 'already_seated', answer: 'events' });
    expect(room.state('player', alice).bankroll).toBe(700);
    expect(room.totalChips()).toBe(1000);
  });

  it('releases a buy-in reserved for a full table', () => {
    const room = roomWith(
      [
        [alice, 500],
        [bob, 500],
        [carol, 500],
      ],
      [
        [alice, 1, 100],
        [bob, 2, 100],
      ],
      {
        maxSeats: 2,
      },
    );
    reserveDirectly(room, carol, 1, 100);
    expect(room.rejections.at(-1)).toMatchObject({ reason: 'table_full', answer: 'events' });
    expect(room.state('player', carol).bankroll).toBe(500);
  });

  it('sits out a player who cannot afford the buy-in', () => {
    const room = roomWith([[carol, 50]], [[carol, 2, 100]]);
    expect(room.types('table', table)).toEqual(['TableOpened', 'SeatRequested', 'PlayerSatOut']);
    expect(room.events('table', table)[2]).toMatchObject({ reason: 'insufficient_balance' });
    expect(room.rejections).toEqual([
      {
        domain: 'player',
        command: 'ReserveFunds',
        reason: 'insufficient_balance',
        answer: 'events',
      },
    ]);
    expect(room.state('table', table).requests).toEqual({});
    expect(room.totalChips()).toBe(50);
  });

  it('hands any other reservation failure to a person', () => {
    const room = roomWith([[dave, 1000]]);
    room.send('player', dave, create(SuspendPlayerSchema, { reason: 'chargeback' }));
    room.send('table', table, gateway.requestSeat(dave, 1, 100));
    expect(room.rejections.at(-1)).toMatchObject({
      command: 'ReserveFunds',
      reason: 'player_suspended',
      answer: 'escalated',
    });
    expect(room.escalations).toEqual([{ domain: 'table', reason: 'player_suspended' }]);
    expect(room.totalChips()).toBe(1000);
  });

  it('undoes a join whose player fails verification, refunding the buy-in to the bankroll', () => {
    const room = roomWith([]);
    room.send('player', carol, gateway.register(800, true));
    room.send('table', table, gateway.requestSeat(carol, 4, 300));
    expect(room.types('table', table).slice(1)).toEqual([
      'SeatRequested',
      'PlayerJoined',
      'SeatReleased',
      'BuyInRefunded',
      'JoinRejected',
    ]);
    expect(room.types('player', carol)).toEqual([
      'PlayerRegistered',
      'FundsReserved',
      'FundsReleased',
    ]);
    expect(room.rejections).toEqual([
      { domain: 'player', command: 'VerifyPlayer', reason: 'kyc_pending', answer: 'events' },
    ]);
    expect(room.state('table', table).seats).toEqual({});
    expect(room.state('player', carol)).toMatchObject({ bankroll: 800, reservations: {} });
  });

  it('credits the whole stack back to the bankroll when the player leaves', () => {
    const room = roomWith([[alice, 1000]], [[alice, 1, 300]]);
    room.send('table', table, gateway.leave(alice));
    expect(room.types('player', alice).at(-1)).toBe('WinningsCredited');
    expect(room.state('player', alice)).toMatchObject({ bankroll: 1000, buyIns: {} });
    expect(room.state('table', table).seats).toEqual({});
  });
});
