import { rootToString } from '../../messaging/ids';
import type { AuditFact } from '../audit/audit-recorder';
import type { RejectionContext } from '../definition/handler-types';

type RejectionFact = Omit<AuditFact, 'kind' | 'key'>;

/** The audit fields every fact about a handled rejection shares. */
export function rejectionFacts(ctx: RejectionContext, domain: string): RejectionFact {
  return {
    correlationId: ctx.correlationId,
    domain,
    root: rootToString(ctx.source.root),
    saga: ctx.saga || undefined,
    commandId: ctx.command.commandId,
    commandType: ctx.commandType,
    reason: ctx.reason,
    peer: { domain: ctx.target.domain, root: ctx.targetRoot },
    component: domain,
  };
}
