import type { SagaCommand, SagaContext } from '@saga-kit/core';
import type { Reaction } from './reaction';

/** Issues a saga's reactions through the framework's context (return address, ids, order, timers). */
export function issue(ctx: SagaContext, reactions: readonly Reaction[]): SagaCommand[] {
  return reactions.map((r) =>
    ctx.command(r.target, r.command, r.deliverAt ? { deliverAt: r.deliverAt } : {}),
  );
}
