import { ActionRequestedSchema, type ActionRequested } from '@poker/contracts';
import { OnEvent, Saga, type SagaCommand, type SagaContext } from '@saga-kit/core';
import { actionTimer } from './hand-timers.reactions';
import { issue } from './issue';

/**
 * Hand prompts into the hand's own timer commands, delivered by the framework's durable timers
 * (Redis-backed in production) when the player's time to act runs out.
 */
@Saga({ name: 'hand-timers', from: 'hand', to: 'hand' })
export class HandTimersSaga {
  @OnEvent(ActionRequestedSchema)
  react(event: ActionRequested, ctx: SagaContext): SagaCommand[] {
    return issue(ctx, actionTimer(event, ctx.source.root));
  }
}
