import { create, type Message } from '@bufbuild/protobuf';
import {
  CommandBookSchema,
  CoverSchema,
  aggregateDefinitionOf,
  isCommandRejectedError,
  isRevocationResponse,
  rootToString,
  sagaDefinitionOf,
  uuidToBytes,
  type AggregateDefinition,
  type RejectionContext,
  type SagaCommand,
  type SagaContext,
  type SagaDefinition,
} from '@saga-kit/core';
import { totalChips } from '../chips/total-chips';
import type { HandState } from '../hand/hand.state';
import type { PlayerState } from '../player/player.state';
import { POKER_SERVICES } from '../poker-services';
import type { TableState } from '../table/table.state';
import { NOW } from './fixtures';

/** The three poker domains and their states. */
export interface PokerStates {
  player: PlayerState;
  table: TableState;
  hand: HandState;
}
export type PokerDomain = keyof PokerStates;

interface Address {
  readonly domain: PokerDomain;
  readonly root: string;
}

type Delivery =
  | { kind: 'command'; to: Address; command: Message; source?: Address }
  | { kind: 'rejection'; to: Address; target: Address; command: Message; reason: string };

/** A saga command waiting for its `deliverAt`, as the framework's durable timers hold it. */
interface Timer {
  readonly at: number;
  readonly delivery: Delivery;
}

/** A rejected command and what became of it. */
export interface RoomRejection {
  readonly domain: PokerDomain;
  readonly command: string;
  readonly reason: string;
  /** The source's answer; `caller` when a gateway sent the command (no return address). */
  readonly answer: 'events' | 'nothing' | 'escalated' | 'unhandled' | 'caller';
}

const short = (message: Message) => message.$typeName.slice('poker.v1.'.length);
const asList = <T>(value: T | readonly T[] | null | undefined | void): readonly T[] =>
  value === null || value === undefined ? [] : Array.isArray(value) ? value : [value as T];

/**
 * The poker services run in one process without transport or store, for specs of whole flows:
 * the decorated aggregates decide and evolve, the decorated sagas turn events into commands,
 * and a rejection travels back to the aggregate whose event caused the command, whose
 * `@Rejected` handler answers. Messages are delivered one at a time in FIFO order, so
 * per-aggregate order holds, and races between aggregates can be set up by posting several
 * commands before settling. Saga commands issued with `deliverAt` (the shot clock) wait until
 * the room's clock is moved past it with `advance`.
 */
export class PokerRoom {
  readonly rejections: RoomRejection[] = [];
  readonly escalations: { readonly domain: PokerDomain; readonly reason: string }[] = [];
  private readonly aggregates = new Map<string, AggregateDefinition<unknown>>();
  private readonly sagas: SagaDefinition[] = [];
  private readonly states = new Map<string, unknown>();
  private readonly streams = new Map<string, Message[]>();
  private readonly queue: Delivery[] = [];
  private timers: Timer[] = [];

  constructor(public now: Date = NOW) {
    for (const service of POKER_SERVICES) {
      for (const A of service.aggregates) {
        const definition = aggregateDefinitionOf(new A());
        this.aggregates.set(definition.domain, definition);
      }
      for (const S of service.sagas) this.sagas.push(sagaDefinitionOf(new S()));
    }
  }

  /** Sends a gateway command and delivers everything that follows. */
  send(domain: PokerDomain, root: string, command: Message): this {
    return this.post(domain, root, command).settle();
  }

  /** Queues a gateway command without delivering anything yet. */
  post(domain: PokerDomain, root: string, command: Message): this {
    this.queue.push({ kind: 'command', to: { domain, root }, command });
    return this;
  }

  /** Delivers queued messages until none is left. */
  settle(limit = 100_000): this {
    for (let n = 0; this.queue.length > 0; n++) {
      if (n >= limit) throw new Error('the room does not settle: a saga loop?');
      this.deliver(this.queue.shift()!);
    }
    return this;
  }

  /**
   * Moves the room's clock on by `ms` and delivers, in due order, every timer due by then (and
   * everything that follows).
   */
  advance(ms: number): this {
    this.now = new Date(this.now.getTime() + ms);
    for (;;) {
      const at = this.now.getTime();
      const due = this.timers.filter((t) => t.at <= at).sort((a, b) => a.at - b.at)[0];
      if (!due) return this;
      this.timers = this.timers.filter((t) => t !== due);
      this.queue.push(due.delivery);
      this.settle();
    }
  }

  /** How many timers are waiting. */
  get pendingTimers(): number {
    return this.timers.length;
  }

  state<D extends PokerDomain>(domain: D, root: string): PokerStates[D] {
    const state = this.states.get(`${domain}/${root}`) ?? this.aggregate(domain).initialState();
    return state as PokerStates[D];
  }

  /** The events of one stream, oldest first. */
  events(domain: PokerDomain, root: string): readonly Message[] {
    return this.streams.get(`${domain}/${root}`) ?? [];
  }

  /** Short type names of one stream's events. */
  types(domain: PokerDomain, root: string): string[] {
    return this.events(domain, root).map(short);
  }

  /** Every chip held by the room's players, tables and hands. */
  totalChips(): number {
    const all = <D extends PokerDomain>(domain: D) =>
      [...this.states.entries()]
        .filter(([key]) => key.startsWith(`${domain}/`))
        .map(([, state]) => state as PokerStates[D]);
    return totalChips(all('player'), all('table'), all('hand'));
  }

  private aggregate(domain: string): AggregateDefinition<unknown> {
    const definition = this.aggregates.get(domain);
    if (!definition) throw new Error(`no aggregate for ${domain}`);
    return definition;
  }

  private deliver(delivery: Delivery): void {
    if (delivery.kind === 'rejection') return this.answerRejection(delivery);
    const { to, command, source } = delivery;
    const handler = this.aggregate(to.domain).commands.get(command.$typeName);
    if (!handler) throw new Error(`${to.domain} has no @Handles for ${command.$typeName}`);
    const ctx = {
      now: this.now,
      commandId: '',
      correlationId: '',
      root: to.root,
      domain: to.domain,
    };
    let events: readonly Message[];
    try {
      events = asList(handler.decide(command, this.state(to.domain, to.root), ctx));
    } catch (e) {
      if (!isCommandRejectedError(e)) throw e;
      if (!source) return this.record(to.domain, command, e.reason, 'caller');
      this.queue.push({ kind: 'rejection', to: source, target: to, command, reason: e.reason });
      return;
    }
    this.append(to, events);
  }

  private answerRejection(delivery: Extract<Delivery, { kind: 'rejection' }>): void {
    const { to, target, command, reason } = delivery;
    const handler = this.aggregate(to.domain).rejections.get(`${target.domain}/${short(command)}`);
    if (!handler) return this.record(target.domain, command, reason, 'unhandled');
    const answer = handler.handle(this.rejection(delivery), this.state(to.domain, to.root));
    if (isRevocationResponse(answer)) {
      this.escalations.push({ domain: to.domain, reason: answer.reason });
      return this.record(target.domain, command, reason, 'escalated');
    }
    const events = asList(answer);
    this.record(target.domain, command, reason, events.length > 0 ? 'events' : 'nothing');
    this.append(to, events);
  }

  private rejection(delivery: Extract<Delivery, { kind: 'rejection' }>): RejectionContext {
    const { to, target, command, reason } = delivery;
    const cover = (a: Address) =>
      create(CoverSchema, { domain: a.domain, root: uuidToBytes(a.root) });
    return {
      reason,
      command: create(CommandBookSchema, { cover: cover(target) }),
      payload: command,
      commandType: short(command),
      target: cover(target),
      targetRoot: target.root,
      source: cover(to),
      sourceSequence: 0,
      saga: '',
      correlationId: '',
      issuer: { name: target.domain, type: 'aggregate' },
      notificationId: '',
      now: this.now,
    };
  }

  private append(at: Address, events: readonly Message[]): void {
    const key = `${at.domain}/${at.root}`;
    const definition = this.aggregate(at.domain);
    const evolved = events.reduce<unknown>(
      (state, event) => {
        const evolver = definition.evolvers.get(event.$typeName);
        if (!evolver) throw new Error(`${at.domain} has no @Applies for ${event.$typeName}`);
        return evolver.evolve(state, event);
      },
      this.state(at.domain, at.root),
    );
    this.states.set(key, evolved);
    this.streams.set(key, [...(this.streams.get(key) ?? []), ...events]);
    for (const event of events) {
      for (const saga of this.sagas.filter((s) => s.from === at.domain)) {
        const handler = saga.handlers.get(event.$typeName);
        if (!handler) continue;
        const issued = asList(handler.handle(event, this.sagaContext(saga, at)));
        for (const { root, command, deliverAt } of issued) {
          const to = { domain: saga.to as PokerDomain, root: rootToString(root) };
          const delivery: Delivery = { kind: 'command', to, command, source: at };
          if (deliverAt) this.timers.push({ at: deliverAt.getTime(), delivery });
          else this.queue.push(delivery);
        }
      }
    }
  }

  private sagaContext(saga: SagaDefinition, source: Address): SagaContext {
    return {
      saga: saga.name,
      source: { domain: source.domain, root: source.root, sequence: 0, eventId: '' },
      correlationId: '',
      now: this.now,
      command: (target, command, options = {}): SagaCommand => ({
        root: typeof target === 'string' ? uuidToBytes(target) : target,
        command,
        ...(options.deliverAt ? { deliverAt: options.deliverAt } : {}),
      }),
    };
  }

  private record(
    domain: PokerDomain,
    command: Message,
    reason: string,
    answer: RoomRejection['answer'],
  ): void {
    this.rejections.push({ domain, command: short(command), reason, answer });
  }
}
