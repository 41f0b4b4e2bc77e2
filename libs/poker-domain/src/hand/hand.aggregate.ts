import {
  AbortHandSchema,
  ActionRequestedSchema,
  BetPlacedSchema,
  BetRevertedSchema,
  BettingClosedSchema,
  BlindPostedSchema,
  CheckSchema,
  ConfirmStackDeductionSchema,
  DisconnectPlayerSchema,
  ExpireActionTimerSchema,
  FoldSchema,
  HandEndedSchema,
  HandStartedSchema,
  PlaceBetSchema,
  PlayerCheckedSchema,
  PlayerFoldedSchema,
  PlayerSatOutOfHandSchema,
  PotAwardedSchema,
  PotsRefundedSchema,
  RequestActionRetrySchema,
  StackDeductionConfirmedSchema,
  StartHandSchema,
  StreetAdvancedSchema,
} from '@poker/contracts';
import {
  Aggregate,
  Applies,
  Handles,
  Rejected,
  type RejectionContext,
  type RejectionOutcome,
} from '@saga-kit/core';
import { answerRejection, type PokerContext } from '../shared';
import { HAND_REJECTION_HANDLERS } from './hand.compensations';
import { decideHand } from './hand.decide';
import { evolveHand } from './hand.evolve';
import type { HandCommand, HandEvent } from './hand.messages';
import { initialHandState, type HandState } from './hand.state';

const answer = (
  key: keyof typeof HAND_REJECTION_HANDLERS,
  rejection: RejectionContext,
  state: HandState,
) => answerRejection(HAND_REJECTION_HANDLERS, key, rejection, state);

/** The hand aggregate: the pure hand decider, evolver and rejection answers, wired up. */
@Aggregate({ domain: 'hand' })
export class HandAggregate {
  initialState(): HandState {
    return initialHandState();
  }

  @Handles(StartHandSchema)
  @Handles(PlaceBetSchema)
  @Handles(CheckSchema)
  @Handles(FoldSchema)
  @Handles(DisconnectPlayerSchema)
  @Handles(ExpireActionTimerSchema)
  @Handles(RequestActionRetrySchema)
  @Handles(AbortHandSchema)
  @Handles(ConfirmStackDeductionSchema)
  decide(command: HandCommand, state: HandState, ctx: PokerContext): HandEvent[] {
    return decideHand(command, state, ctx);
  }

  @Applies(HandStartedSchema)
  @Applies(PlayerSatOutOfHandSchema)
  @Applies(BlindPostedSchema)
  @Applies(BetPlacedSchema)
  @Applies(BetRevertedSchema)
  @Applies(PlayerCheckedSchema)
  @Applies(PlayerFoldedSchema)
  @Applies(ActionRequestedSchema)
  @Applies(StreetAdvancedSchema)
  @Applies(StackDeductionConfirmedSchema)
  @Applies(BettingClosedSchema)
  @Applies(PotAwardedSchema)
  @Applies(PotsRefundedSchema)
  @Applies(HandEndedSchema)
  evolve(state: HandState, event: HandEvent): HandState {
    return evolveHand(state, event);
  }

  /** The table would not take a bet's chips (e.g. the player folded there): the bet is reverted. */
  @Rejected({ domain: 'table', command: 'DeductFromPlayerStack' })
  onDeductionRejected(rejection: RejectionContext, state: HandState): RejectionOutcome {
    return answer('table/DeductFromPlayerStack', rejection, state);
  }

  /** Winnings or a refund the table will not take: dead letter and escalation. */
  @Rejected({ domain: 'table', command: 'CreditPlayerStack' })
  onCreditRejected(rejection: RejectionContext, state: HandState): RejectionOutcome {
    return answer('table/CreditPlayerStack', rejection, state);
  }

  @Rejected({ domain: 'table', command: 'MarkPlayerFolded' })
  onMarkFoldedRejected(rejection: RejectionContext, state: HandState): RejectionOutcome {
    return answer('table/MarkPlayerFolded', rejection, state);
  }

  @Rejected({ domain: 'table', command: 'SitOutAtTable' })
  onSitOutRejected(rejection: RejectionContext, state: HandState): RejectionOutcome {
    return answer('table/SitOutAtTable', rejection, state);
  }

  @Rejected({ domain: 'table', command: 'FinishHand' })
  onFinishHandRejected(rejection: RejectionContext, state: HandState): RejectionOutcome {
    return answer('table/FinishHand', rejection, state);
  }
}
