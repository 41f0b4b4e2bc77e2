import type { CommandBook } from '../../gen/sagakit/v1/envelope_pb';
import { rootToString } from '../../messaging/ids';
import { shortTypeName } from '../../messaging/type-registry';
import type { AuditFact } from '../audit/audit-recorder';

type CommandFact = Omit<AuditFact, 'kind' | 'key'>;

/** The audit fields every fact about a handled command shares. */
export function commandFacts(
  book: CommandBook,
  domain: string,
  correlationId: string,
): CommandFact {
  const ra = book.returnAddress;
  const root = book.cover ? rootToString(book.cover.root) : '';
  return {
    correlationId,
    domain,
    root,
    commandId: book.commandId,
    commandType: book.command ? shortTypeName(book.command.typeUrl) : undefined,
    saga: ra?.saga || undefined,
    peer: ra?.source ? { domain: ra.source.domain, root: rootToString(ra.source.root) } : undefined,
    component: domain,
  };
}
