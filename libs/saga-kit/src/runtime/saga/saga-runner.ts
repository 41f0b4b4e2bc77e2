import type { Logger } from 'pino';
import { PoisonMessageError } from '../../errors/poison-message.error';
import type { CommandBook, EventBook, EventPage } from '../../gen/sagakit/v1/envelope_pb';
import { rootToString } from '../../messaging/ids';
import type { Topics } from '../../messaging/topics';
import {
  decode,
  shortTypeName,
  typeNameOf,
  type TypeRegistry,
} from '../../messaging/type-registry';
import type { Clock } from '../../ports/clock.port';
import type { Transport } from '../../ports/transport.port';
import type { AuditFact, AuditRecorder } from '../audit/audit-recorder';
import type { SagaDefinition } from '../definition/saga-definition';
import { commandMessage } from '../envelope/outgoing-messages';
import { toSequence } from '../envelope/sequence';
import { assertCover, assertKeyedByRoot, type Delivery } from '../envelope/validation';
import type { ScheduledCommand } from '../scheduler/timer-job';
import { NEVER_ABORTED, type SagaChainGuard } from './saga-chain-guard';
import { createSagaContext, sagaCommandsOf } from './saga-context';
import { stampSagaCommands, type SagaTrigger } from './stamp-commands';

/** What a saga runner works with. */
export interface SagaDeps {
  readonly definition: SagaDefinition;
  readonly transport: Transport;
  readonly registry: TypeRegistry;
  readonly topics: Topics;
  readonly clock: Clock;
  readonly audit: AuditRecorder;
  readonly logger: Logger;
  readonly guard?: SagaChainGuard;
  /** Called with the commands about to be published (the runtime schedules their deadlines). */
  readonly beforeIssue?: (books: readonly CommandBook[]) => Promise<void>;
  /**
   * Stores commands issued with `deliverAt` in the durable timer queue; resolves `false` when
   * there is none. Without it such commands are not issued (audited as skipped).
   */
  readonly schedule?: (commands: readonly ScheduledCommand[]) => Promise<boolean>;
}

/** Why a command with `deliverAt` was not issued. */
export const NO_TIMER_QUEUE = 'no timer queue configured';

/** What a saga did with one page. */
export interface SagaStep {
  readonly sequence: number;
  /** Published, or stored to be published at their `deliverAt`. */
  readonly issued: CommandBook[];
  readonly skipped: CommandBook[];
  /** The issued commands that wait in the timer queue, with their delivery time. */
  readonly scheduled: ScheduledCommand[];
}

/**
 * Runs one stateless saga: for each page of a source `EventBook` with an `@OnEvent` handler, it
 * calls the handler and publishes the commands it asks for to `{prefix}.{to}.commands`, keyed by
 * target root. Publishing is at-least-once: a failure rejects, the book is redelivered, and the
 * same command ids are issued again for the targets to deduplicate.
 */
export class SagaRunner {
  private readonly guard: SagaChainGuard;

  constructor(private readonly deps: SagaDeps) {
    this.guard = deps.guard ?? NEVER_ABORTED;
  }

  get name(): string {
    return this.deps.definition.name;
  }

  /** The domain whose events the saga consumes. */
  get source(): string {
    return this.deps.definition.from;
  }

  /** `delivery` says how a transport delivered the book (checked: keyed by the source's root). */
  async handleEvents(book: EventBook, delivery?: Delivery): Promise<SagaStep[]> {
    const { definition } = this.deps;
    assertCover(book.cover, 'event book');
    if (book.cover.domain !== definition.from) {
      throw new PoisonMessageError(
        'invalid_message',
        `saga ${definition.name} consumes ${definition.from} events, got ${book.cover.domain}`,
      );
    }
    assertKeyedByRoot(delivery, book.cover, 'events');
    const steps: SagaStep[] = [];
    for (const page of book.pages) {
      const trigger: SagaTrigger = {
        cover: book.cover,
        sequence: toSequence(page.sequence),
        eventId: page.eventId,
      };
      const commands = this.react(page, trigger);
      if (commands.length === 0) continue;
      steps.push(await this.issue(trigger, commands));
    }
    return steps;
  }

  /** Calls the page's handler (if any) and stamps the commands it asks for. */
  private react(page: EventPage, trigger: SagaTrigger): Stamped[] {
    const { definition, registry, topics } = this.deps;
    const handler = page.event
      ? definition.handlers.get(typeNameOf(page.event.typeUrl))
      : undefined;
    if (!handler || !page.event) return [];
    const event = decode(handler.schema, page.event.value, `event ${page.event.typeUrl}`);
    const { ctx, issued } = createSagaContext({
      saga: definition.name,
      source: {
        domain: trigger.cover.domain,
        root: rootToString(trigger.cover.root),
        sequence: trigger.sequence,
        eventId: trigger.eventId,
      },
      correlationId: trigger.cover.correlationId,
      now: this.deps.clock.now(),
    });
    const returned: unknown = handler.handle(event, ctx);
    const commands = sagaCommandsOf(issued, returned, handler.name);
    const books = stampSagaCommands(definition, topics, registry, trigger, commands);
    return books.map((book, i) => ({ book, deliverAt: commands[i]?.deliverAt }));
  }

  private async issue(trigger: SagaTrigger, stamped: Stamped[]): Promise<SagaStep> {
    const correlationId = trigger.cover.correlationId;
    const books = stamped.map((s) => s.book);
    if (await this.guard.isAborted(correlationId)) {
      for (const book of books) {
        await this.deps.audit.record({
          ...this.facts(trigger, book),
          kind: 'command.skipped',
          reason: 'saga chain aborted',
        });
      }
      this.deps.logger.info(
        { saga: this.name, correlationId, commands: books.length },
        'saga chain aborted: commands not issued',
      );
      return { sequence: trigger.sequence, issued: [], skipped: books, scheduled: [] };
    }
    const now = stamped.filter((s) => !s.deliverAt).map((s) => s.book);
    const later = stamped.flatMap(({ book, deliverAt }) =>
      deliverAt ? [{ book, deliverAt }] : [],
    );
    // Timers are stored before the other commands go out: a failure redelivers the event, and
    // the timers' command ids make storing them again a no-op.
    const stored = later.length === 0 || ((await this.deps.schedule?.(later)) ?? false);
    // Deadlines only for commands that go out (now, or from the timer queue): a skipped command
    // has no outcome to wait for. Before any is published; a redelivery schedules them again.
    await this.deps.beforeIssue?.(stored ? books : now);
    if (now.length > 0) {
      await this.deps.transport.publish(now.map((b) => commandMessage(this.deps.topics, b)));
    }
    for (const book of now) {
      await this.deps.audit.record({ ...this.facts(trigger, book), kind: 'command.issued' });
    }
    for (const { book, deliverAt } of later) {
      await this.deps.audit.record(
        stored
          ? {
              ...this.facts(trigger, book),
              kind: 'command.issued',
              details: { deliverAt: deliverAt.toISOString() },
            }
          : { ...this.facts(trigger, book), kind: 'command.skipped', reason: NO_TIMER_QUEUE },
      );
    }
    return {
      sequence: trigger.sequence,
      issued: stored ? books : now,
      skipped: stored ? [] : later.map((l) => l.book),
      scheduled: stored ? later : [],
    };
  }

  private facts(trigger: SagaTrigger, book: CommandBook): Omit<AuditFact, 'kind'> {
    const target = book.cover;
    return {
      key: [book.commandId],
      correlationId: trigger.cover.correlationId,
      domain: trigger.cover.domain,
      root: rootToString(trigger.cover.root),
      sequences: [trigger.sequence],
      saga: this.name,
      commandId: book.commandId,
      commandType: shortTypeName(book.command?.typeUrl ?? ''),
      peer: target ? { domain: target.domain, root: rootToString(target.root) } : undefined,
      component: `saga:${this.name}`,
    };
  }
}

/** A stamped command and, for a timer, when to deliver it. */
interface Stamped {
  readonly book: CommandBook;
  readonly deliverAt: Date | undefined;
}
