import {
  BetPlacedSchema,
  BlindPostedSchema,
  HandEndedSchema,
  PlayerFoldedSchema,
  PlayerSatOutOfHandSchema,
  PotAwardedSchema,
  PotsRefundedSchema,
} from '@poker/contracts';
import { OnEvent, Saga, type SagaCommand, type SagaContext } from '@saga-kit/core';
import type { HandEvent } from '../hand/hand.messages';
import { handToTable } from './hand-table.reactions';
import { issue } from './issue';

/**
 * Hand events into table commands: deduct blinds and bets, credit pots and refunds, record
 * folds and sit-outs, finish the hand.
 */
@Saga({ name: 'hand-table', from: 'hand', to: 'table' })
export class HandTableSaga {
  @OnEvent(BlindPostedSchema)
  @OnEvent(BetPlacedSchema)
  @OnEvent(PotAwardedSchema)
  @OnEvent(PotsRefundedSchema)
  @OnEvent(PlayerFoldedSchema)
  @OnEvent(PlayerSatOutOfHandSchema)
  @OnEvent(HandEndedSchema)
  react(event: HandEvent, ctx: SagaContext): SagaCommand[] {
    return issue(ctx, handToTable(event, ctx.source.root));
  }
}
