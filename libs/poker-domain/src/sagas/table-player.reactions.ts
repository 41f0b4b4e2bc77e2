import { create } from '@bufbuild/protobuf';
import {
  CreditWinningsSchema,
  ReleaseFundsSchema,
  ReserveFundsSchema,
  VerifyPlayerSchema,
} from '@poker/contracts';
import type { PlayerCommand } from '../player/player.messages';
import { bytesOf, idOf } from '../shared';
import type { TableEvent } from '../table/table.messages';
import type { Reaction } from './reaction';

/**
 * Saga `table-player`: a seat request asks the player to reserve the buy-in; a join asks for
 * verification; a refunded buy-in releases the reservation; a player leaving is credited the
 * cash-out.
 */
export function tableToPlayer(event: TableEvent, tableId: string): Reaction<PlayerCommand>[] {
  const table = bytesOf(tableId);
  switch (event.$typeName) {
    case 'poker.v1.SeatRequested':
      return [
        {
          target: idOf(event.playerId),
          command: create(ReserveFundsSchema, {
            tableId: table,
            amount: event.buyIn,
            seat: event.seat,
          }),
        },
      ];
    case 'poker.v1.PlayerJoined':
      return [
        { target: idOf(event.playerId), command: create(VerifyPlayerSchema, { tableId: table }) },
      ];
    case 'poker.v1.BuyInRefunded':
      return [
        {
          target: idOf(event.playerId),
          command: create(ReleaseFundsSchema, { tableId: table, reason: event.reason }),
        },
      ];
    case 'poker.v1.PlayerLeft':
      return [
        {
          target: idOf(event.playerId),
          command: create(CreditWinningsSchema, { tableId: table, amount: event.cashOut }),
        },
      ];
    case 'poker.v1.TableOpened':
    case 'poker.v1.SeatConfirmed':
    case 'poker.v1.SeatReleased':
    case 'poker.v1.JoinRejected':
    case 'poker.v1.StackDeducted':
    case 'poker.v1.StackCredited':
    case 'poker.v1.PlayerFoldedAtTable':
    case 'poker.v1.PlayerSatOut':
    case 'poker.v1.PlayerSatIn':
    case 'poker.v1.HandDealt':
    case 'poker.v1.HandFinished':
    case 'poker.v1.TableClosed':
      return [];
    default: {
      const unhandled: never = event;
      throw new TypeError(`unhandled table event ${(unhandled as TableEvent).$typeName}`);
    }
  }
}
