import { HandDealtSchema, StackDeductedSchema, TableClosedSchema } from '@poker/contracts';
import { OnEvent, Saga, type SagaCommand, type SagaContext } from '@saga-kit/core';
import type { TableEvent } from '../table/table.messages';
import { issue } from './issue';
import { tableToHand } from './table-hand.reactions';

/** Table events into hand commands: start a dealt hand, confirm deductions, abort on closing. */
@Saga({ name: 'table-hand', from: 'table', to: 'hand' })
export class TableHandSaga {
  @OnEvent(HandDealtSchema)
  @OnEvent(StackDeductedSchema)
  @OnEvent(TableClosedSchema)
  react(event: TableEvent, ctx: SagaContext): SagaCommand[] {
    return issue(ctx, tableToHand(event, ctx.source.root));
  }
}
