import { create } from '@bufbuild/protobuf';
import {
  CreditPlayerStackSchema,
  DeductFromPlayerStackSchema,
  FinishHandSchema,
  MarkPlayerFoldedSchema,
  SitOutAtTableSchema,
} from '@poker/contracts';
import type { HandEvent } from '../hand/hand.messages';
import { bytesOf, idOf } from '../shared';
import type { TableCommand } from '../table/table.messages';
import type { Reaction } from './reaction';

/** Reasons stacks are credited with. */
export const CREDIT_REASONS = { potWon: 'pot_won', refund: 'refund' } as const;

/**
 * Saga `hand-table`: chips committed to the pot are deducted from the stack, pots and refunds
 * credited to it, folds and sit-outs recorded at the table, and the hand's end reported.
 * Hand events carry their table id because the saga holds no state.
 */
export function handToTable(event: HandEvent, handId: string): Reaction<TableCommand>[] {
  const hand = bytesOf(handId);
  switch (event.$typeName) {
    case 'poker.v1.BlindPosted':
    case 'poker.v1.BetPlaced':
      return [
        {
          target: idOf(event.tableId),
          command: create(DeductFromPlayerStackSchema, {
            playerId: event.playerId,
            amount: event.amount,
            handId: hand,
          }),
        },
      ];
    case 'poker.v1.PotAwarded':
      return [credit(event.tableId, event.playerId, event.amount, hand, CREDIT_REASONS.potWon)];
    case 'poker.v1.PotsRefunded':
      return event.refunds.map((r) =>
        credit(event.tableId, r.playerId, r.amount, hand, CREDIT_REASONS.refund),
      );
    case 'poker.v1.PlayerFolded':
      return [
        {
          target: idOf(event.tableId),
          command: create(MarkPlayerFoldedSchema, { playerId: event.playerId, handId: hand }),
        },
      ];
    case 'poker.v1.PlayerSatOutOfHand':
      return [
        {
          target: idOf(event.tableId),
          command: create(SitOutAtTableSchema, { playerId: event.playerId, reason: event.reason }),
        },
      ];
    case 'poker.v1.HandEnded':
      return [
        {
          target: idOf(event.tableId),
          command: create(FinishHandSchema, { handId: hand, reason: event.reason }),
        },
      ];
    case 'poker.v1.HandStarted':
    case 'poker.v1.BetReverted':
    case 'poker.v1.PlayerChecked':
    case 'poker.v1.ActionRequested':
    case 'poker.v1.StreetAdvanced':
    case 'poker.v1.StackDeductionConfirmed':
    case 'poker.v1.BettingClosed':
      return [];
    default: {
      const unhandled: never = event;
      throw new TypeError(`unhandled hand event ${(unhandled as HandEvent).$typeName}`);
    }
  }
}

function credit(
  tableId: Uint8Array,
  playerId: Uint8Array,
  amount: number,
  handId: Uint8Array,
  reason: string,
): Reaction<TableCommand> {
  return {
    target: idOf(tableId),
    command: create(CreditPlayerStackSchema, { playerId, amount, handId, reason }),
  };
}
