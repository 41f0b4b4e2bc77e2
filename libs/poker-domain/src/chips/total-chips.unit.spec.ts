import { create } from '@bufbuild/protobuf';
import {
  FundsReservedSchema,
  PlayerRegisteredSchema,
  PlayerVerifiedSchema,
  StackDeductedSchema,
} from '@poker/contracts';
import { evolveHand } from '../hand/hand.evolve';
import { initialHandState } from '../hand/hand.state';
import { evolvePlayer } from '../player/player.evolve';
import { initialPlayerState } from '../player/player.state';
import { bytesOf, replay } from '../shared';
import { evolveTable } from '../table/table.evolve';
import { initialTableState } from '../table/table.state';
import { HandScript, act, ids, joined, seated, startHand, tableOpened } from '../testing';
import { countChips, totalChips } from './total-chips';

const table = bytesOf(ids.table);

describe('chip count', () => {
  const alice = replay(evolvePlayer, initialPlayerState(), [
    create(PlayerRegisteredSchema, { bankroll: 1000 }),
    create(FundsReservedSchema, { tableId: table, amount: 300 }),
    create(FundsReservedSchema, { tableId: bytesOf(ids.otherTable), amount: 200 }),
  ]);
  const bob = replay(evolvePlayer, initialPlayerState(), [
    create(PlayerRegisteredSchema, { bankroll: 800 }),
    create(FundsReservedSchema, { tableId: table, amount: 400 }),
    create(PlayerVerifiedSchema, { tableId: table, amount: 400 }),
  ]);
  const tableState = replay(evolveTable, initialTableState(), [
    tableOpened(),
    ...seated(ids.bob, 1, 400),
    joined(ids.carol, 2, 250),
    create(StackDeductedSchema, { playerId: bytesOf(ids.bob), amount: 15 }),
  ]);
  const hand = new HandScript();
  hand.runAll(
    startHand(
      [
        [ids.bob, 1, 400],
        [ids.carol, 2, 250],
      ],
      1,
    ),
    act.bet(ids.bob, 5),
  );

  it('adds up bankrolls, reservations, stacks (pending or not) and pots', () => {
    expect(countChips([alice, bob], [tableState], [hand.state])).toEqual({
      bankrolls: 500 + 400,
      reservations: 500,
      stacks: 385 + 250,
      pots: 20,
      total: 900 + 500 + 635 + 20,
    });
  });

  it('does not count a buy-in handed over to a table twice', () => {
    expect(countChips([bob], [], []).total).toBe(400);
  });

  it('counts what is left in a pot only', () => {
    const ended = new HandScript();
    ended.runAll(
      startHand(
        [
          [ids.bob, 1, 400],
          [ids.carol, 2, 250],
        ],
        1,
      ),
      act.fold(ids.bob),
    );
    expect(totalChips([], [], [ended.state])).toBe(0);
    expect(totalChips([], [], [replay(evolveHand, initialHandState(), [])])).toBe(0);
  });

  it('is zero for nothing', () => {
    expect(totalChips([], [], [])).toBe(0);
  });
});
