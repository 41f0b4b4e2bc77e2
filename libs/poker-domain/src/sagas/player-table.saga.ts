import { FundsReservedSchema, PlayerVerifiedSchema } from '@poker/contracts';
import { OnEvent, Saga, type SagaCommand, type SagaContext } from '@saga-kit/core';
import type { PlayerEvent } from '../player/player.messages';
import { issue } from './issue';
import { playerToTable } from './player-table.reactions';

/** Player events into table commands: reserved buy-ins join, verified players are confirmed. */
@Saga({ name: 'player-table', from: 'player', to: 'table' })
export class PlayerTableSaga {
  @OnEvent(FundsReservedSchema)
  @OnEvent(PlayerVerifiedSchema)
  react(event: PlayerEvent, ctx: SagaContext): SagaCommand[] {
    return issue(ctx, playerToTable(event, ctx.source.root));
  }
}
