import { create } from '@bufbuild/protobuf';
import { ConfirmSeatSchema, JoinTableSchema } from '@poker/contracts';
import type { PlayerEvent } from '../player/player.messages';
import { bytesOf, idOf } from '../shared';
import type { TableCommand } from '../table/table.messages';
import type { Reaction } from './reaction';

/** Saga `player-table`: a reserved buy-in joins the table; a verified player's seat is confirmed. */
export function playerToTable(event: PlayerEvent, playerId: string): Reaction<TableCommand>[] {
  switch (event.$typeName) {
    case 'poker.v1.FundsReserved':
      return [
        {
          target: idOf(event.tableId),
          command: create(JoinTableSchema, {
            playerId: bytesOf(playerId),
            seat: event.seat,
            buyIn: event.amount,
          }),
        },
      ];
    case 'poker.v1.PlayerVerified':
      return [
        {
          target: idOf(event.tableId),
          command: create(ConfirmSeatSchema, { playerId: bytesOf(playerId) }),
        },
      ];
    case 'poker.v1.PlayerRegistered':
    case 'poker.v1.FundsReleased':
    case 'poker.v1.WinningsCredited':
    case 'poker.v1.PlayerSuspended':
    case 'poker.v1.PlayerSelfExcluded':
    case 'poker.v1.KycCompleted':
      return [];
    default: {
      const unhandled: never = event;
      throw new TypeError(`unhandled player event ${(unhandled as PlayerEvent).$typeName}`);
    }
  }
}
