import {
  CompleteKycSchema,
  CreditWinningsSchema,
  FundsReleasedSchema,
  FundsReservedSchema,
  KycCompletedSchema,
  PlayerRegisteredSchema,
  PlayerSelfExcludedSchema,
  PlayerSuspendedSchema,
  PlayerVerifiedSchema,
  RegisterPlayerSchema,
  ReleaseFundsSchema,
  ReserveFundsSchema,
  SelfExcludeSchema,
  SuspendPlayerSchema,
  VerifyPlayerSchema,
  WinningsCreditedSchema,
  type FundsReserved,
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
import { PLAYER_REJECTION_HANDLERS, releaseAfterJoinRejected } from './player.compensations';
import { decidePlayer } from './player.decide';
import { evolvePlayer } from './player.evolve';
import type { PlayerCommand, PlayerEvent } from './player.messages';
import { initialPlayerState, type PlayerState } from './player.state';

/** The player aggregate: the pure player decider, evolver and rejection answers, wired up. */
@Aggregate({ domain: 'player', snapshotEvery: 100 })
export class PlayerAggregate {
  initialState(): PlayerState {
    return initialPlayerState();
  }

  @Handles(RegisterPlayerSchema)
  @Handles(ReserveFundsSchema)
  @Handles(ReleaseFundsSchema)
  @Handles(VerifyPlayerSchema)
  @Handles(CreditWinningsSchema)
  @Handles(SuspendPlayerSchema)
  @Handles(SelfExcludeSchema)
  @Handles(CompleteKycSchema)
  decide(command: PlayerCommand, state: PlayerState, ctx: PokerContext): PlayerEvent[] {
    return decidePlayer(command, state, ctx);
  }

  @Applies(PlayerRegisteredSchema)
  @Applies(FundsReservedSchema)
  @Applies(FundsReleasedSchema)
  @Applies(PlayerVerifiedSchema)
  @Applies(WinningsCreditedSchema)
  @Applies(PlayerSuspendedSchema)
  @Applies(PlayerSelfExcludedSchema)
  @Applies(KycCompletedSchema)
  evolve(state: PlayerState, event: PlayerEvent): PlayerState {
    return evolvePlayer(state, event);
  }

  /** The table refused the join: the buy-in reserved for it goes back to the bankroll. */
  @Rejected({ domain: 'table', command: 'JoinTable' })
  onJoinTableRejected(rejection: RejectionContext, state: PlayerState): RejectionOutcome {
    return answerRejection(PLAYER_REJECTION_HANDLERS, 'table/JoinTable', rejection, state);
  }

  /** The table could not confirm a verified seat: the buy-in is nowhere, a person settles it. */
  @Rejected({ domain: 'table', command: 'ConfirmSeat' })
  onConfirmSeatRejected(rejection: RejectionContext, state: PlayerState): RejectionOutcome {
    return answerRejection(PLAYER_REJECTION_HANDLERS, 'table/ConfirmSeat', rejection, state);
  }

  /** An operator undoes a reservation: released if still held, nothing otherwise. */
  @Compensate('FundsReserved')
  undoReservation(original: FundsReserved, reason: string, state: PlayerState) {
    return releaseAfterJoinRejected(state, idOf(original.tableId), reason);
  }
}
