import { create } from '@bufbuild/protobuf';
import { AbortHandSchema, ConfirmStackDeductionSchema, StartHandSchema } from '@poker/contracts';
import type { HandCommand } from '../hand/hand.messages';
import { bytesOf, idOf } from '../shared';
import type { TableEvent } from '../table/table.messages';
import type { Reaction } from './reaction';

/** Why a hand is aborted when its table closes. */
export const TABLE_CLOSED = 'table_closed';

/**
 * Saga `table-hand`: a dealt hand starts; chips taken from a stack are confirmed to the hand,
 * whose pots only hold confirmed chips; a table closing mid-hand aborts it.
 */
export function tableToHand(event: TableEvent, tableId: string): Reaction<HandCommand>[] {
  switch (event.$typeName) {
    case 'poker.v1.HandDealt': {
      const { seats, smallBlind, bigBlind, button, actionTimeoutSeconds, showdownRanking } = event;
      return [
        {
          target: idOf(event.handId),
          command: create(StartHandSchema, {
            tableId: bytesOf(tableId),
            seats,
            smallBlind,
            bigBlind,
            button,
            actionTimeoutSeconds,
            showdownRanking,
          }),
        },
      ];
    }
    case 'poker.v1.StackDeducted':
      return [
        {
          target: idOf(event.handId),
          command: create(ConfirmStackDeductionSchema, {
            playerId: event.playerId,
            amount: event.amount,
          }),
        },
      ];
    case 'poker.v1.TableClosed':
      if (event.handInProgress.length === 0) return [];
      return [
        {
          target: idOf(event.handInProgress),
          command: create(AbortHandSchema, { reason: TABLE_CLOSED }),
        },
      ];
    case 'poker.v1.TableOpened':
    case 'poker.v1.SeatRequested':
    case 'poker.v1.PlayerJoined':
    case 'poker.v1.SeatConfirmed':
    case 'poker.v1.PlayerLeft':
    case 'poker.v1.SeatReleased':
    case 'poker.v1.BuyInRefunded':
    case 'poker.v1.JoinRejected':
    case 'poker.v1.StackCredited':
    case 'poker.v1.PlayerFoldedAtTable':
    case 'poker.v1.PlayerSatOut':
    case 'poker.v1.PlayerSatIn':
    case 'poker.v1.HandFinished':
      return [];
    default: {
      const unhandled: never = event;
      throw new TypeError(`unhandled table event ${(unhandled as TableEvent).$typeName}`);
    }
  }
}
