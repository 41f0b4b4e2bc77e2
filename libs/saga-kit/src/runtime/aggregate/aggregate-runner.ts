import { create, type Message } from '@bufbuild/protobuf';
import { isCommandRejectedError } from '../../errors/command-rejected.error';
import { PoisonMessageError } from '../../errors/poison-message.error';
import { UnknownMessageTypeError } from '../../errors/unknown-message-type.error';
import {
  CommandOutcomeSchema,
  CoverSchema,
  type CommandBook,
  type CommandOutcome,
  type Cover,
} from '../../gen/sagakit/v1/envelope_pb';
import { deterministicId, rootToString } from '../../messaging/ids';
import { decode, encode, typeNameOf } from '../../messaging/type-registry';
import type { OutboxMessage, StreamId } from '../../ports/event-store.port';
import type { CommandHandlerDefinition } from '../definition/aggregate-definition';
import type { DecisionContext } from '../definition/handler-types';
import { eventsMessage } from '../envelope/outgoing-messages';
import { toSequence } from '../envelope/sequence';
import {
  assertCommandBook,
  assertKeyedByRoot,
  assertReturnAddress,
  type Delivery,
} from '../envelope/validation';
import type { AggregateDeps } from './aggregate-deps';
import { commandFacts } from './command-audit';
import { withConflictRetry } from './conflict-retry';
import { eventsOf } from './decide';
import { buildPages, typesOf } from './event-pages';
import { evolveAll } from './evolve';
import { rejectionMessage, rejectionNotificationId } from './rejection-notification';
import {
  loadAggregate,
  loadAggregateAlongside,
  maybeSnapshot,
  type LoadedAggregate,
} from './stream-loader';

/** Reason given when a command's `expected_sequence` does not match the stream. */
export const UNEXPECTED_SEQUENCE = 'unexpected_sequence';

/**
 * Handles the commands of one aggregate: load, decide, append with the idempotency record and
 * the outbox in one atomic step, retry the decision on conflicts. A business rejection is an
 * outcome, not an error: it is recorded, and sent back to the return address when there is one.
 */
export class AggregateRunner<S = unknown> {
  constructor(private readonly deps: AggregateDeps<S>) {}

  get domain(): string {
    return this.deps.definition.domain;
  }

  /**
   * Handles one command; a duplicate `command_id` returns the first outcome and appends nothing.
   * `delivery` says how a transport delivered it (checked: keyed by the aggregate's root).
   */
  async handleCommand(book: CommandBook, delivery?: Delivery): Promise<CommandOutcome> {
    const { definition, topics } = this.deps;
    assertCommandBook(book, definition.domain);
    assertKeyedByRoot(delivery, book.cover, 'command');
    assertReturnAddress(book, topics);
    const handler = this.handlerOf(book);
    const command = decode(
      handler.schema,
      book.command?.value ?? new Uint8Array(),
      handler.schema.typeName,
    );
    const stream: StreamId = {
      domain: definition.domain,
      root: rootToString(book.cover?.root ?? new Uint8Array()),
    };
    return withConflictRetry(async () => {
      const loading = loadAggregateAlongside(
        loadAggregate(definition, this.deps.store, stream, this.deps.logger),
      );
      const stored = await this.deps.store.findDedup(stream, book.commandId);
      if (stored) return this.replay(book, stored);
      return this.decideAndAppend(book, handler, command, stream, await loading);
    }, this.deps.conflictRetry);
  }

  /** The current state of an aggregate, rebuilt from its stream. */
  async load(root: string): Promise<LoadedAggregate<S>> {
    const stream = { domain: this.deps.definition.domain, root };
    return loadAggregate(this.deps.definition, this.deps.store, stream, this.deps.logger);
  }

  private handlerOf(book: CommandBook): CommandHandlerDefinition<S> {
    const typeUrl = book.command?.typeUrl ?? '';
    const handler = this.deps.definition.commands.get(typeNameOf(typeUrl));
    if (handler) return handler;
    if (!this.deps.registry.schema(typeUrl)) throw new UnknownMessageTypeError(typeUrl);
    throw new PoisonMessageError(
      'invalid_message',
      `aggregate ${this.deps.definition.name} (${this.domain}) has no handler for ${typeNameOf(typeUrl)}`,
    );
  }

  private async decideAndAppend(
    book: CommandBook,
    handler: CommandHandlerDefinition<S>,
    command: Message,
    stream: StreamId,
    loaded: LoadedAggregate<S>,
  ): Promise<CommandOutcome> {
    const now = this.deps.clock.now();
    const cover = coverOf(book, stream);
    if (
      book.expectedSequence !== undefined &&
      toSequence(book.expectedSequence) !== loaded.nextSequence
    ) {
      return this.reject(book, cover, UNEXPECTED_SEQUENCE, now);
    }
    const ctx: DecisionContext = {
      now,
      commandId: book.commandId,
      correlationId: cover.correlationId,
      root: stream.root,
      domain: stream.domain,
    };
    let events: Message[];
    try {
      events = eventsOf(handler.decide(command, loaded.state, ctx), handler.name);
    } catch (error) {
      if (isCommandRejectedError(error)) return this.reject(book, cover, error.reason, now);
      await this.recordFailure(book, cover, handler.name, error);
      throw error;
    }
    return this.accept(book, cover, stream, loaded, events, now);
  }

  private async accept(
    book: CommandBook,
    cover: Cover,
    stream: StreamId,
    loaded: LoadedAggregate<S>,
    events: Message[],
    now: Date,
  ): Promise<CommandOutcome> {
    const { registry, topics, store } = this.deps;
    const first = loaded.nextSequence;
    const pages = buildPages(registry, events, first, book.commandId, now);
    const sequences = pages.map((p) => p.sequence);
    const outcome = create(CommandOutcomeSchema, {
      commandId: book.commandId,
      cover,
      result: { case: 'accepted', value: { sequences } },
    });
    const outbox: OutboxMessage[] =
      pages.length === 0
        ? []
        : [
            eventsMessage(
              topics,
              cover,
              pages,
              first + pages.length,
              book.commandId,
              deterministicId('events', book.commandId),
            ),
          ];
    await this.deps.beforeAccept?.(book, stream);
    const result = await store.append({
      stream,
      expectedSequence: first,
      pages,
      dedup: { key: book.commandId, value: encode(CommandOutcomeSchema, outcome) },
      outbox,
    });
    if (result.status === 'duplicate') return this.replay(book, result.value);
    if (outbox.length > 0) this.deps.onAppended?.();
    await this.deps.audit.record({
      ...commandFacts(book, stream.domain, cover.correlationId),
      kind: 'command.accepted',
      key: [book.commandId],
      sequences: sequences.map(toSequence),
      eventTypes: typesOf(events),
    });
    await maybeSnapshot(
      this.deps.definition,
      store,
      stream,
      first,
      pages,
      () => evolveAll(this.deps.definition, loaded.state, events),
      this.deps.logger,
    );
    return outcome;
  }

  private async reject(
    book: CommandBook,
    cover: Cover,
    reason: string,
    now: Date,
  ): Promise<CommandOutcome> {
    const stream = { domain: cover.domain, root: rootToString(cover.root) };
    const outcome = create(CommandOutcomeSchema, {
      commandId: book.commandId,
      cover,
      result: { case: 'rejected', value: { reason } },
    });
    const message = rejectionMessage(book, cover, reason, now);
    const outbox: OutboxMessage[] = message ? [message] : [];
    // An append without pages: only the idempotency record and the notification, atomically.
    const result = await this.deps.store.append({
      stream,
      expectedSequence: 0,
      pages: [],
      dedup: { key: book.commandId, value: encode(CommandOutcomeSchema, outcome) },
      outbox,
    });
    if (result.status === 'duplicate') return this.replay(book, result.value);
    if (outbox.length > 0) this.deps.onAppended?.();
    await this.recordRejection(book, cover, reason);
    return outcome;
  }

  /** Returns a stored outcome, re-recording its audit facts (idempotent) in case a crash lost them. */
  private async replay(book: CommandBook, stored: Uint8Array): Promise<CommandOutcome> {
    const outcome = decode(CommandOutcomeSchema, stored, 'stored command outcome');
    const cover = outcome.cover ?? coverOf(book, { domain: this.domain, root: '' });
    this.deps.logger.debug(
      { commandId: book.commandId, correlationId: cover.correlationId, domain: this.domain },
      'duplicate command: returning the first outcome',
    );
    if (outcome.result.case === 'rejected') {
      await this.recordRejection(book, cover, outcome.result.value.reason);
    } else if (outcome.result.case === 'accepted') {
      await this.deps.audit.record({
        ...commandFacts(book, this.domain, cover.correlationId),
        kind: 'command.accepted',
        key: [book.commandId],
        sequences: outcome.result.value.sequences.map(toSequence),
      });
    }
    return outcome;
  }

  private async recordRejection(book: CommandBook, cover: Cover, reason: string): Promise<void> {
    const facts = commandFacts(book, this.domain, cover.correlationId);
    await this.deps.audit.record({
      ...facts,
      kind: 'command.rejected',
      key: [book.commandId],
      reason,
    });
    const source = book.returnAddress?.source;
    if (source) {
      await this.deps.audit.record({
        ...facts,
        kind: 'notification.sent',
        key: [rejectionNotificationId(book.commandId)],
        reason,
        details: {
          notificationId: rejectionNotificationId(book.commandId),
          payload: 'RejectionNotification',
        },
      });
    }
  }

  private async recordFailure(
    book: CommandBook,
    cover: Cover,
    handler: string,
    error: unknown,
  ): Promise<void> {
    const err = error instanceof Error ? error : new Error(String(error));
    this.deps.logger.error(
      { commandId: book.commandId, correlationId: cover.correlationId, handler, err },
      'command handler failed',
    );
    try {
      await this.deps.audit.record({
        ...commandFacts(book, this.domain, cover.correlationId),
        kind: 'command.failed',
        key: [book.commandId],
        reason: err.message,
        details: { errorType: err.name, handler },
      });
    } catch (auditError) {
      // The handler's fault is what the caller must see, not the audit log's.
      this.deps.logger.warn(
        { commandId: book.commandId, err: auditError },
        'audit entry not recorded',
      );
    }
  }
}

/** The command's cover, its correlation id defaulting to the command id for a new flow. */
function coverOf(book: CommandBook, stream: StreamId): Cover {
  const cover = book.cover;
  return create(CoverSchema, {
    domain: cover?.domain ?? stream.domain,
    root: cover?.root ?? new Uint8Array(),
    correlationId: cover?.correlationId || book.commandId,
  });
}
