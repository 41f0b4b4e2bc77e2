import { create } from '@bufbuild/protobuf';
import { SeatRequestedSchema, TableClosedSchema } from '@poker/contracts';
import { bytesOf, isEscalation, replay } from '../shared';
import { handDealt, ids, joined, seated, tableOpened, typesOf } from '../testing';
import {
  afterReserveFundsRejected,
  afterStartHandRejected,
  undoJoinAfterVerificationRejected,
} from './table.compensations';
import { evolveTable } from './table.evolve';
import type { TableEvent } from './table.messages';
import { initialTableState } from './table.state';

const { alice, bob, hand, nextHand } = ids;
const stateOf = (events: TableEvent[]) => replay(evolveTable, initialTableState(), events);

describe('table compensations', () => {
  describe('reserve funds rejected', () => {
    const requested = [
      tableOpened(),
      create(SeatRequestedSchema, { playerId: bytesOf(alice), seat: 1, buyIn: 500 }),
    ];

    it('sits a player out who cannot afford the buy-in, dropping the request', () => {
      const outcome = afterReserveFundsRejected(alice, 'insufficient_balance');
      if (isEscalation(outcome)) throw new Error('expected events');
      expect(outcome[0]).toMatchObject({
        $typeName: 'poker.v1.PlayerSatOut',
        reason: 'insufficient_balance',
      });
      expect(stateOf([...requested, ...outcome]).requests).toEqual({});
    });

    it.each(['player_not_registered', 'player_suspended', 'already_reserved_for_table'])(
      'hands %s to a person',
      (reason) => {
        expect(afterReserveFundsRejected(alice, reason)).toEqual({ escalate: true, reason });
      },
    );
  });

  describe('verification rejected', () => {
    const pending = [tableOpened(), ...seated(bob, 2), joined(alice, 1, 400)];

    it('releases the seat, refunds the buy-in and records the rejected join', () => {
      const events = undoJoinAfterVerificationRejected(stateOf(pending), alice, 'self_excluded');
      expect(typesOf(events ?? [])).toEqual(['SeatReleased', 'BuyInRefunded', 'JoinRejected']);
      expect(events?.[1]).toMatchObject({ amount: 400, reason: 'self_excluded' });
      expect(Object.keys(stateOf([...pending, ...events!]).seats)).toEqual([bob]);
    });

    it('refunds nothing when the player holds no reservation backing the buy-in', () => {
      const events = undoJoinAfterVerificationRejected(stateOf(pending), alice, 'not_reserved');
      expect(typesOf(events ?? [])).toEqual(['SeatReleased', 'JoinRejected']);
    });

    it.each([
      ['a verified seat', bob],
      ['no seat', ids.carol],
    ])('has nothing to undo for %s', (_name, player) => {
      expect(undoJoinAfterVerificationRejected(stateOf(pending), player, 'kyc_pending')).toBeNull();
    });
  });

  describe('start hand rejected', () => {
    const dealt = [
      tableOpened(),
      ...seated(alice, 1),
      ...seated(bob, 2),
      handDealt(
        [
          [alice, 1, 500],
          [bob, 2, 500],
        ],
        1,
      ),
    ];

    it('forgets the hand that could not start', () => {
      const events = afterStartHandRejected(stateOf(dealt), hand, 'invalid_blinds');
      expect(events?.[0]).toMatchObject({ reason: 'start_rejected:invalid_blinds' });
      expect(stateOf([...dealt, ...events!]).hand).toBeNull();
    });

    it('cashes everybody out when the table closed meanwhile', () => {
      const state = stateOf([...dealt, create(TableClosedSchema)]);
      expect(typesOf(afterStartHandRejected(state, hand, 'x') ?? [])).toEqual([
        'HandFinished',
        'PlayerLeft',
        'PlayerLeft',
      ]);
    });

    it('ignores another hand', () => {
      expect(afterStartHandRejected(stateOf(dealt), nextHand, 'x')).toBeNull();
    });
  });
});
