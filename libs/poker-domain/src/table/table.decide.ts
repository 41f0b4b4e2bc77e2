import type { PokerContext } from '../shared';
import { closeTable, dealHand, finishHand, openTable } from './table-lifecycle.decide';
import {
  confirmSeat,
  joinTable,
  leaveTable,
  requestSeat,
  sitIn,
  sitOut,
} from './table-seating.decide';
import { creditStack, deductFromStack, markFolded } from './table-stacks.decide';
import type { TableCommand, TableEvent } from './table.messages';
import type { TableState } from './table.state';

/** Decides a table command: the events it causes, or a `CommandRejectedError`. Pure. */
export function decideTable(
  command: TableCommand,
  state: TableState,
  _ctx: PokerContext,
): TableEvent[] {
  switch (command.$typeName) {
    case 'poker.v1.OpenTable':
      return openTable(command, state);
    case 'poker.v1.RequestSeat':
      return requestSeat(command, state);
    case 'poker.v1.JoinTable':
      return joinTable(command, state);
    case 'poker.v1.ConfirmSeat':
      return confirmSeat(command, state);
    case 'poker.v1.LeaveTable':
      return leaveTable(command, state);
    case 'poker.v1.DeductFromPlayerStack':
      return deductFromStack(command, state);
    case 'poker.v1.CreditPlayerStack':
      return creditStack(command, state);
    case 'poker.v1.MarkPlayerFolded':
      return markFolded(command, state);
    case 'poker.v1.SitOutAtTable':
      return sitOut(command, state);
    case 'poker.v1.SitInAtTable':
      return sitIn(command, state);
    case 'poker.v1.DealHand':
      return dealHand(command, state);
    case 'poker.v1.FinishHand':
      return finishHand(command, state);
    case 'poker.v1.CloseTable':
      return closeTable(command, state);
    default: {
      const unhandled: never = command;
      throw new TypeError(`unhandled table command ${(unhandled as TableCommand).$typeName}`);
    }
  }
}
