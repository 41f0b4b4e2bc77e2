import { create } from '@bufbuild/protobuf';
import { FundsReservedSchema, PlayerRegisteredSchema } from '@poker/contracts';
import { bytesOf, idOf, replay } from '../shared';
import { ids } from '../testing';
import { releaseAfterJoinRejected } from './player.compensations';
import { evolvePlayer } from './player.evolve';
import { initialPlayerState } from './player.state';

describe('player compensations', () => {
  const registered = create(PlayerRegisteredSchema, { bankroll: 1000 });
  const reserved = create(FundsReservedSchema, { tableId: bytesOf(ids.table), amount: 300 });

  it('releases the reservation held for the table that refused the join', () => {
    const state = replay(evolvePlayer, initialPlayerState(), [registered, reserved]);
    const released = releaseAfterJoinRejected(state, ids.table, 'seat_taken');
    expect(released).toMatchObject({ amount: 300, reason: 'seat_taken' });
    expect(idOf(released!.tableId)).toBe(ids.table);
    expect(evolvePlayer(state, released!).bankroll).toBe(1000);
  });

  it('has nothing to undo when no reservation is held for that table', () => {
    const state = replay(evolvePlayer, initialPlayerState(), [registered, reserved]);
    expect(releaseAfterJoinRejected(state, ids.otherTable, 'table_full')).toBeNull();
  });
});
