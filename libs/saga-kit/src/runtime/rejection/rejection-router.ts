import type { Message } from '@bufbuild/protobuf';
import { PoisonMessageError } from '../../errors/poison-message.error';
import {
  RejectionNotificationSchema,
  type Notification,
  type RejectionNotification,
} from '../../gen/sagakit/v1/envelope_pb';
import type { RevocationResponse } from '../../gen/sagakit/v1/failure_pb';
import { deterministicId, rootToString } from '../../messaging/ids';
import { decode, shortTypeName } from '../../messaging/type-registry';
import type { OutboxMessage, StreamId } from '../../ports/event-store.port';
import type { AggregateDeps } from '../aggregate/aggregate-deps';
import { withConflictRetry } from '../aggregate/conflict-retry';
import { eventsOf } from '../aggregate/decide';
import { buildPages, typesOf } from '../aggregate/event-pages';
import { evolveAll } from '../aggregate/evolve';
import {
  loadAggregate,
  loadAggregateAlongside,
  maybeSnapshot,
  type LoadedAggregate,
} from '../aggregate/stream-loader';
import { rejectionKey, type RejectionHandlerDefinition } from '../definition/aggregate-definition';
import type { RejectionContext } from '../definition/handler-types';
import { acceptedRecord } from '../envelope/accepted-record';
import { eventsMessage } from '../envelope/outgoing-messages';
import { toSequence } from '../envelope/sequence';
import { assertCover } from '../envelope/validation';
import { planUndoAnswer } from '../undo/undo-answer';
import { sagaCommandId } from '../saga/stamp-commands';
import { isUndoRequest } from '../undo/undo-request';
import { isRevocationResponse } from './delegate-to-framework';
import type { FailurePolicyExecutor } from './failure-policy-executor';
import { resolveFallback, type FallbackResponse } from './fallback-response';
import { rejectionFacts } from './rejection-audit';

/** How a rejection notification was handled. */
export type RejectionHandled =
  | { readonly result: 'events'; readonly sequences: number[] }
  | { readonly result: 'nothing' }
  | { readonly result: 'delegated' | 'fallback'; readonly response: RevocationResponse }
  | { readonly result: 'duplicate' };

/** What the router needs besides the aggregate's dependencies. */
export interface RejectionRouterOptions {
  readonly failurePolicy: FailurePolicyExecutor;
  readonly fallback: FallbackResponse;
  /**
   * Messages to queue atomically with a handled rejection, given the response when the handler
   * delegated (the runtime relays an abort travelling upstream this way).
   */
  readonly followUps?: (
    rejection: RejectionContext,
    stream: StreamId,
    response?: RevocationResponse,
  ) => Promise<OutboxMessage[]>;
}

/**
 * Dispatches `RejectionNotification`s to the source aggregate's `@Rejected` handler, keyed by the
 * rejected command's domain and short type name, with the state rebuilt as for commands. Events
 * the handler returns are appended atomically with an idempotency record keyed by the
 * notification id, so a redelivered notification compensates once.
 */
export class RejectionRouter<S = unknown> {
  constructor(
    private readonly deps: AggregateDeps<S>,
    private readonly options: RejectionRouterOptions,
  ) {}

  /** Handles one notification whose payload is a `RejectionNotification`. */
  async route(notification: Notification): Promise<RejectionHandled> {
    const rejection = decode(
      RejectionNotificationSchema,
      notification.payload?.value ?? new Uint8Array(),
      'RejectionNotification',
    );
    const source = notification.cover;
    assertCover(source, 'notification');
    const stream: StreamId = { domain: source.domain, root: rootToString(source.root) };
    const payload = this.rejectedPayload(rejection, stream);
    const book = rejection.rejectedCommand;
    assertCover(book?.cover, 'rejected command');
    const commandType = shortTypeName(book?.command?.typeUrl ?? '');
    const handler = this.deps.definition.rejections.get(
      rejectionKey(book.cover.domain, commandType),
    );
    return withConflictRetry(async () => {
      const loading = loadAggregateAlongside(
        loadAggregate(this.deps.definition, this.deps.store, stream, this.deps.logger),
      );
      if (await this.deps.store.findDedup(stream, notification.notificationId)) {
        this.deps.logger.debug(
          { notificationId: notification.notificationId, correlationId: source.correlationId },
          'duplicate rejection notification: already handled',
        );
        return { result: 'duplicate' } as const;
      }
      const loaded = await loading;
      assertIssuedBySource(rejection, stream, loaded.nextSequence);
      const ctx = this.context(notification, rejection, payload, commandType);
      if (!handler) {
        const response = resolveFallback(this.options.fallback, ctx);
        return this.delegate(ctx, stream, loaded, response, 'fallback');
      }
      return this.dispatch(handler, ctx, stream, loaded);
    }, this.deps.conflictRetry);
  }

  private async dispatch(
    handler: RejectionHandlerDefinition<S>,
    ctx: RejectionContext,
    stream: StreamId,
    loaded: LoadedAggregate<S>,
  ): Promise<RejectionHandled> {
    // A throwing handler is a fault: nothing is stored, the error reaches the consumer boundary.
    const returned = handler.handle(ctx, loaded.state);
    if (isRevocationResponse(returned)) {
      return this.delegate(ctx, stream, loaded, returned, 'delegated', handler.name);
    }
    if (isUndoRequest(returned)) {
      // `revoke(...)` / `compensate(...)`: validated, expanded into marker and inverse events.
      const plan = await planUndoAnswer(this.deps, stream, returned, loaded.state, ctx);
      const handled = await this.append(ctx, stream, loaded, plan.events, handler.name);
      if (handled.result === 'events') await plan.record(handled.sequences);
      return handled;
    }
    const events = eventsOf(returned, handler.name);
    return this.append(ctx, stream, loaded, events, handler.name);
  }

  private async append(
    ctx: RejectionContext,
    stream: StreamId,
    loaded: LoadedAggregate<S>,
    events: Message[],
    handlerName: string,
  ): Promise<RejectionHandled> {
    const first = loaded.nextSequence;
    const pages = buildPages(this.deps.registry, events, first, ctx.notificationId, ctx.now);
    const sequences = pages.map((p) => toSequence(p.sequence));
    const outbox =
      pages.length === 0
        ? []
        : [
            eventsMessage(
              this.deps.topics,
              ctx.source,
              pages,
              first + pages.length,
              ctx.notificationId,
              deterministicId('events', ctx.notificationId),
            ),
          ];
    outbox.push(...((await this.options.followUps?.(ctx, stream)) ?? []));
    const result = await this.deps.store.append({
      stream,
      expectedSequence: first,
      pages,
      dedup: acceptedRecord(ctx.notificationId, ctx.source, sequences),
      outbox,
    });
    if (result.status === 'duplicate') return { result: 'duplicate' };
    if (outbox.length > 0) this.deps.onAppended?.();
    const facts = rejectionFacts(ctx, this.deps.definition.domain);
    const returned = events.length > 0 ? 'events' : 'nothing';
    await this.deps.audit.record({
      ...facts,
      kind: 'notification.handled',
      key: [ctx.notificationId],
      details: { result: returned, handler: handlerName },
    });
    if (events.length > 0) {
      await this.deps.audit.record({
        ...facts,
        kind: 'compensation.appended',
        key: [ctx.notificationId],
        sequences,
        eventTypes: typesOf(events),
        details: { handler: handlerName },
      });
      // A stream that grows by compensations gets its snapshots too.
      await maybeSnapshot(
        this.deps.definition,
        this.deps.store,
        stream,
        first,
        pages,
        () => evolveAll(this.deps.definition, loaded.state, events),
        this.deps.logger,
      );
      return { result: 'events', sequences };
    }
    return { result: 'nothing' };
  }

  private async delegate(
    ctx: RejectionContext,
    stream: StreamId,
    loaded: LoadedAggregate<S>,
    response: RevocationResponse,
    result: 'delegated' | 'fallback',
    handlerName = 'fallback',
  ): Promise<RejectionHandled> {
    const facts = rejectionFacts(ctx, this.deps.definition.domain);
    await this.deps.audit.record({
      ...facts,
      kind: 'revocation.delegated',
      key: [ctx.notificationId],
      reason: response.reason,
      details: {
        handler: handlerName,
        emitSystemRevocation: response.emitSystemRevocation,
        sendToDeadLetter: response.sendToDeadLetterQueue,
        escalate: response.escalate,
        abort: response.abort,
      },
    });
    // Execute first, then record as handled: a crash in between re-executes (idempotently)
    // rather than losing the response.
    await this.options.failurePolicy.execute(response, ctx, loaded.state);
    const outbox = (await this.options.followUps?.(ctx, stream, response)) ?? [];
    const stored = await this.deps.store.append({
      stream,
      expectedSequence: loaded.nextSequence,
      pages: [],
      dedup: acceptedRecord(ctx.notificationId, ctx.source, []),
      outbox,
    });
    if (stored.status === 'duplicate') return { result: 'duplicate' };
    if (outbox.length > 0) this.deps.onAppended?.();
    await this.deps.audit.record({
      ...facts,
      kind: 'notification.handled',
      key: [ctx.notificationId],
      reason: response.reason,
      details: { result, handler: handlerName },
    });
    return { result, response };
  }

  private rejectedPayload(rejection: RejectionNotification, stream: StreamId): Message {
    const book = rejection.rejectedCommand;
    if (!book?.command) {
      throw new PoisonMessageError(
        'invalid_message',
        'rejection notification without the rejected command',
      );
    }
    const source = book.returnAddress?.source;
    if (source && (source.domain !== stream.domain || rootToString(source.root) !== stream.root)) {
      throw new PoisonMessageError(
        'invalid_return_address',
        `rejection for ${source.domain}/${rootToString(source.root)} delivered to ${stream.domain}/${stream.root}`,
      );
    }
    return this.deps.registry.unpack(book.command);
  }

  private context(
    notification: Notification,
    rejection: RejectionNotification,
    payload: Message,
    commandType: string,
  ): RejectionContext {
    const book = rejection.rejectedCommand;
    const target = book?.cover;
    const source = notification.cover;
    if (!book || !target || !source) throw new TypeError('validated notification lost its covers');
    const ra = book.returnAddress;
    return {
      reason: rejection.rejectionReason,
      command: book,
      payload,
      commandType,
      target,
      targetRoot: rootToString(target.root),
      source,
      sourceSequence: ra ? toSequence(ra.sourceSequence) : 0,
      saga: ra?.saga ?? '',
      correlationId: source.correlationId || target.correlationId,
      issuer: { name: rejection.issuerName, type: rejection.issuerType },
      notificationId: notification.notificationId,
      now: this.deps.clock.now(),
    };
  }
}

/**
 * Checks that a rejected command's return address describes a command the source's saga could
 * have issued: its source event exists in the stream, and its command id is the one the framework
 * derives from the saga, the source event and the command's index. A rejection that fails either
 * check would have the aggregate compensate for something that never happened: poison
 * (`invalid_return_address`), dead-lettered without running any handler.
 */
function assertIssuedBySource(
  rejection: RejectionNotification,
  stream: StreamId,
  nextSequence: number,
): void {
  const book = rejection.rejectedCommand;
  const ra = book?.returnAddress;
  if (!book || !ra) return;
  const sequence = toSequence(ra.sourceSequence);
  if (sequence >= nextSequence) {
    throw new PoisonMessageError(
      'invalid_return_address',
      `forged return address: source event @${sequence} of ${stream.domain}/${stream.root} does not exist (the stream has ${nextSequence} events)`,
    );
  }
  const expected = sagaCommandId(ra.saga, stream, sequence, ra.commandIndex);
  if (book.commandId !== expected) {
    throw new PoisonMessageError(
      'invalid_return_address',
      `forged return address: command ${JSON.stringify(book.commandId)} is not command ${ra.commandIndex} of saga ${ra.saga} for ${stream.domain}/${stream.root}@${sequence}`,
    );
  }
}
