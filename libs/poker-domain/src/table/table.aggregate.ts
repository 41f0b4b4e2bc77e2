import {
  BuyInRefundedSchema,
  CloseTableSchema,
  ConfirmSeatSchema,
  CreditPlayerStackSchema,
  DealHandSchema,
  DeductFromPlayerStackSchema,
  FinishHandSchema,
  HandDealtSchema,
  HandFinishedSchema,
  JoinRejectedSchema,
  JoinTableSchema,
  LeaveTableSchema,
  MarkPlayerFoldedSchema,
  OpenTableSchema,
  PlayerFoldedAtTableSchema,
  PlayerJoinedSchema,
  PlayerLeftSchema,
  PlayerSatInSchema,
  PlayerSatOutSchema,
  RequestSeatSchema,
  SeatConfirmedSchema,
  SeatReleasedSchema,
  SeatRequestedSchema,
  SitInAtTableSchema,
  SitOutAtTableSchema,
  StackCreditedSchema,
  StackDeductedSchema,
  TableClosedSchema,
  TableOpenedSchema,
  type PlayerJoined,
} from '@poker/contracts';
import {
  Aggregate,
  Applies,
  Compensate,
  Handles,
  Rejected,
  type RejectionContext,
  type RejectionOutcome,
} from '@saga-kit/core';
import { answerRejection, idOf, type PokerContext } from '../shared';
import { TABLE_REJECTION_HANDLERS, undoJoinAfterVerificationRejected } from './table.compensations';
import { decideTable } from './table.decide';
import { evolveTable } from './table.evolve';
import type { TableCommand, TableEvent } from './table.messages';
import { initialTableState, type TableState } from './table.state';

const answer = (
  key: keyof typeof TABLE_REJECTION_HANDLERS,
  rejection: RejectionContext,
  state: TableState,
) => answerRejection(TABLE_REJECTION_HANDLERS, key, rejection, state);

/** The table aggregate: the pure table decider, evolver and rejection answers, wired up. */
@Aggregate({ domain: 'table', snapshotEvery: 100 })
export class TableAggregate {
  initialState(): TableState {
    return initialTableState();
  }

  @Handles(OpenTableSchema)
  @Handles(RequestSeatSchema)
  @Handles(JoinTableSchema)
  @Handles(ConfirmSeatSchema)
  @Handles(LeaveTableSchema)
  @Handles(DeductFromPlayerStackSchema)
  @Handles(CreditPlayerStackSchema)
  @Handles(MarkPlayerFoldedSchema)
  @Handles(SitOutAtTableSchema)
  @Handles(SitInAtTableSchema)
  @Handles(DealHandSchema)
  @Handles(FinishHandSchema)
  @Handles(CloseTableSchema)
  decide(command: TableCommand, state: TableState, ctx: PokerContext): TableEvent[] {
    return decideTable(command, state, ctx);
  }

  @Applies(TableOpenedSchema)
  @Applies(SeatRequestedSchema)
  @Applies(PlayerJoinedSchema)
  @Applies(SeatConfirmedSchema)
  @Applies(PlayerLeftSchema)
  @Applies(SeatReleasedSchema)
  @Applies(BuyInRefundedSchema)
  @Applies(JoinRejectedSchema)
  @Applies(StackDeductedSchema)
  @Applies(StackCreditedSchema)
  @Applies(PlayerFoldedAtTableSchema)
  @Applies(PlayerSatOutSchema)
  @Applies(PlayerSatInSchema)
  @Applies(HandDealtSchema)
  @Applies(HandFinishedSchema)
  @Applies(TableClosedSchema)
  evolve(state: TableState, event: TableEvent): TableState {
    return evolveTable(state, event);
  }

  /** Short of money: the player is sat out. Any other reason: dead letter and escalation. */
  @Rejected({ domain: 'player', command: 'ReserveFunds' })
  onReserveFundsRejected(rejection: RejectionContext, state: TableState): RejectionOutcome {
    return answer('player/ReserveFunds', rejection, state);
  }

  /** Verification failed after the seat and buy-in were taken: seat released, buy-in refunded. */
  @Rejected({ domain: 'player', command: 'VerifyPlayer' })
  onVerifyPlayerRejected(rejection: RejectionContext, state: TableState): RejectionOutcome {
    return answer('player/VerifyPlayer', rejection, state);
  }

  @Rejected({ domain: 'player', command: 'ReleaseFunds' })
  onReleaseFundsRejected(rejection: RejectionContext, state: TableState): RejectionOutcome {
    return answer('player/ReleaseFunds', rejection, state);
  }

  @Rejected({ domain: 'player', command: 'CreditWinnings' })
  onCreditWinningsRejected(rejection: RejectionContext, state: TableState): RejectionOutcome {
    return answer('player/CreditWinnings', rejection, state);
  }

  @Rejected({ domain: 'hand', command: 'StartHand' })
  onStartHandRejected(rejection: RejectionContext, state: TableState): RejectionOutcome {
    return answer('hand/StartHand', rejection, state);
  }

  @Rejected({ domain: 'hand', command: 'AbortHand' })
  onAbortHandRejected(rejection: RejectionContext, state: TableState): RejectionOutcome {
    return answer('hand/AbortHand', rejection, state);
  }

  @Rejected({ domain: 'hand', command: 'ConfirmStackDeduction' })
  onConfirmStackDeductionRejected(
    rejection: RejectionContext,
    state: TableState,
  ): RejectionOutcome {
    return answer('hand/ConfirmStackDeduction', rejection, state);
  }

  /** An operator undoes a join still awaiting verification, as a failed verification would. */
  @Compensate('PlayerJoined')
  undoJoin(original: PlayerJoined, reason: string, state: TableState) {
    return undoJoinAfterVerificationRejected(state, idOf(original.playerId), reason);
  }
}
