import {
  BuyInRefundedSchema,
  PlayerJoinedSchema,
  PlayerLeftSchema,
  SeatRequestedSchema,
} from '@poker/contracts';
import { OnEvent, Saga, type SagaCommand, type SagaContext } from '@saga-kit/core';
import type { TableEvent } from '../table/table.messages';
import { issue } from './issue';
import { tableToPlayer } from './table-player.reactions';

/**
 * Table events into player commands: reserve a requested buy-in, verify a joined player,
 * release a refunded buy-in, credit a cash-out.
 */
@Saga({ name: 'table-player', from: 'table', to: 'player' })
export class TablePlayerSaga {
  @OnEvent(SeatRequestedSchema)
  @OnEvent(PlayerJoinedSchema)
  @OnEvent(BuyInRefundedSchema)
  @OnEvent(PlayerLeftSchema)
  react(event: TableEvent, ctx: SagaContext): SagaCommand[] {
    return issue(ctx, tableToPlayer(event, ctx.source.root));
  }
}
