import type { Message } from '@bufbuild/protobuf';
import { isCommandRejectedError } from '@saga-kit/core';
import { totalChips } from '../chips/total-chips';
import { HAND_REJECTION_HANDLERS } from '../hand/hand.compensations';
import { decideHand } from '../hand/hand.decide';
import { evolveHand } from '../hand/hand.evolve';
import type { HandCommand, HandEvent } from '../hand/hand.messages';
import { initialHandState, type HandState } from '../hand/hand.state';
import { PLAYER_REJECTION_HANDLERS } from '../player/player.compensations';
import { decidePlayer } from '../player/player.decide';
import { evolvePlayer } from '../player/player.evolve';
import type { PlayerCommand, PlayerEvent } from '../player/player.messages';
import { initialPlayerState, type PlayerState } from '../player/player.state';
import { handToTable, playerToTable, tableToHand, tableToPlayer, type Reaction } from '../sagas';
import { isEscalation, type PokerContext, type RejectionHandlers } from '../shared';
import { TABLE_REJECTION_HANDLERS } from '../table/table.compensations';
import { decideTable } from '../table/table.decide';
import { evolveTable } from '../table/table.evolve';
import type { TableCommand, TableEvent } from '../table/table.messages';
import { initialTableState, type TableState } from '../table/table.state';
import { NOW } from './fixtures';

/** The three poker domains and their states. */
export interface PokerStates {
  player: PlayerState;
  table: TableState;
  hand: HandState;
}
export type PokerDomain = keyof PokerStates;

interface DomainRules<S> {
  initial(): S;
  decide(command: Message, state: S, ctx: PokerContext): Message[];
  evolve(state: S, event: Message): S;
  /** The sagas fed by this domain's events: the commands they issue and to which domain. */
  sagas(event: Message, root: string): { to: PokerDomain; reactions: Reaction[] }[];
  rejections: RejectionHandlers<S, Message>;
}

const RULES: { [D in PokerDomain]: DomainRules<PokerStates[D]> } = {
  player: {
    initial: initialPlayerState,
    decide: (c, s, ctx) => decidePlayer(c as PlayerCommand, s, ctx),
    evolve: (s, e) => evolvePlayer(s, e as PlayerEvent),
    sagas: (e, root) => [{ to: 'table', reactions: playerToTable(e as PlayerEvent, root) }],
    rejections: PLAYER_REJECTION_HANDLERS,
  },
  table: {
    initial: initialTableState,
    decide: (c, s, ctx) => decideTable(c as TableCommand, s, ctx),
    evolve: (s, e) => evolveTable(s, e as TableEvent),
    sagas: (e, root) => [
      { to: 'player', reactions: tableToPlayer(e as TableEvent, root) },
      { to: 'hand', reactions: tableToHand(e as TableEvent, root) },
    ],
    rejections: TABLE_REJECTION_HANDLERS,
  },
  hand: {
    initial: initialHandState,
    decide: (c, s, ctx) => decideHand(c as HandCommand, s, ctx),
    evolve: (s, e) => evolveHand(s, e as HandEvent),
    sagas: (e, root) => [{ to: 'table', reactions: handToTable(e as HandEvent, root) }],
    rejections: HAND_REJECTION_HANDLERS,
  },
};

interface Address {
  readonly domain: PokerDomain;
  readonly root: string;
}

type Delivery =
  | { kind: 'command'; to: Address; command: Message; source?: Address }
  | { kind: 'rejection'; to: Address; target: Address; command: Message; reason: string };

/** A rejected command and what became of it. */
export interface RoomRejection {
  readonly domain: PokerDomain;
  readonly command: string;
  readonly reason: string;
  /** The source's answer; `caller` when a gateway sent the command (no return address). */
  readonly answer: 'events' | 'nothing' | 'escalated' | 'unhandled' | 'caller';
}

/**
 * The poker domain run without the framework, for specs of whole flows: commands are decided,
 * events evolve states and feed the stateless sagas, and a rejection travels back to the
 * aggregate whose event caused the command, whose rejection handler answers. Everything is
 * delivered one message at a time in FIFO order, so per-aggregate order holds and races between
 * aggregates can be set up by posting several commands before settling.
 */
export class PokerRoom {
  readonly rejections: RoomRejection[] = [];
  readonly escalations: { readonly domain: PokerDomain; readonly reason: string }[] = [];
  private readonly states = new Map<string, unknown>();
  private readonly streams = new Map<string, Message[]>();
  private readonly queue: Delivery[] = [];

  constructor(public now: Date = NOW) {}

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

  state<D extends PokerDomain>(domain: D, root: string): PokerStates[D] {
    return (this.states.get(`${domain}/${root}`) ?? RULES[domain].initial()) as PokerStates[D];
  }

  /** The events of one stream, oldest first. */
  events(domain: PokerDomain, root: string): readonly Message[] {
    return this.streams.get(`${domain}/${root}`) ?? [];
  }

  /** Short type names of one stream's events. */
  types(domain: PokerDomain, root: string): string[] {
    return this.events(domain, root).map((e) => e.$typeName.slice('poker.v1.'.length));
  }

  /** Every chip held by the room's players, tables and hands. */
  totalChips(): number {
    const all = <D extends PokerDomain>(domain: D) =>
      [...this.states.entries()]
        .filter(([key]) => key.startsWith(`${domain}/`))
        .map(([, state]) => state as PokerStates[D]);
    return totalChips(all('player'), all('table'), all('hand'));
  }

  private deliver(delivery: Delivery): void {
    if (delivery.kind === 'rejection') return this.answerRejection(delivery);
    const { to, command, source } = delivery;
    const rules = RULES[to.domain] as DomainRules<unknown>;
    let events: Message[];
    try {
      events = rules.decide(command, this.state(to.domain, to.root), { now: this.now });
    } catch (e) {
      if (!isCommandRejectedError(e)) throw e;
      if (source) {
        this.queue.push({ kind: 'rejection', to: source, target: to, command, reason: e.reason });
      } else {
        this.record(to.domain, command, e.reason, 'caller');
      }
      return;
    }
    this.append(to, events);
  }

  private answerRejection(delivery: Extract<Delivery, { kind: 'rejection' }>): void {
    const { to, target, command, reason } = delivery;
    const key = `${target.domain}/${command.$typeName.slice('poker.v1.'.length)}`;
    const handler = (RULES[to.domain] as DomainRules<unknown>).rejections[key];
    if (!handler) return this.record(target.domain, command, reason, 'unhandled');
    const facts = { reason, payload: command, targetRoot: target.root, now: this.now };
    const answer = handler(facts, this.state(to.domain, to.root));
    if (isEscalation(answer)) {
      this.escalations.push({ domain: to.domain, reason: answer.reason });
      return this.record(target.domain, command, reason, 'escalated');
    }
    this.record(target.domain, command, reason, answer?.length ? 'events' : 'nothing');
    if (answer) this.append(to, answer);
  }

  private append(at: Address, events: readonly Message[]): void {
    const key = `${at.domain}/${at.root}`;
    const rules = RULES[at.domain] as DomainRules<unknown>;
    const evolved = events.reduce<unknown>(
      (s, e) => rules.evolve(s, e),
      this.state(at.domain, at.root),
    );
    this.states.set(key, evolved);
    this.streams.set(key, [...(this.streams.get(key) ?? []), ...events]);
    for (const event of events) {
      for (const { to, reactions } of rules.sagas(event, at.root)) {
        for (const r of reactions) {
          this.queue.push({
            kind: 'command',
            to: { domain: to, root: r.target },
            command: r.command,
            source: at,
          });
        }
      }
    }
  }

  private record(
    domain: PokerDomain,
    command: Message,
    reason: string,
    answer: RoomRejection['answer'],
  ): void {
    const name = command.$typeName.slice('poker.v1.'.length);
    this.rejections.push({ domain, command: name, reason, answer });
  }
}
