import { randomUUID } from 'node:crypto';
import { uuidToBytes } from '@saga-kit/core';
import { waitFor } from '../infra';
import type { PokerDomain } from './poker-services';

/** One event of `GET /aggregates/...`'s history, as the gateway renders it. */
export interface HistoryEntry {
  readonly sequence: number;
  readonly revoked: boolean;
  readonly event: { readonly '@type': string; readonly [field: string]: unknown };
}

/** One entry of `GET /correlations/:id/timeline?format=json`. */
export interface TimelineEntry {
  readonly kind: string;
  readonly domain: string;
  readonly root: string;
  readonly commandType?: string;
  readonly eventTypes?: string[];
  readonly reason?: string;
  readonly saga?: string;
  readonly summary: string;
  readonly details?: Record<string, unknown>;
}

/** An HTTP answer: status and parsed JSON body. */
export interface Answer {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

/** Long enough for a saga flow of a few hops over the test broker, on a loaded machine. */
const FLOW_TIMEOUT_MS = 30_000;

/** The poker services' HTTP gateways, as a lobby, a floor or a player's client drives them. */
export class PokerGateway {
  constructor(private readonly urls: Readonly<Record<PokerDomain, string>>) {}

  /** `POST /commands` at the service hosting `domain`. */
  async send(
    domain: PokerDomain,
    root: string,
    type: string,
    command: Record<string, unknown>,
    correlationId?: string,
  ): Promise<Answer> {
    const res = await fetch(`${this.urls[domain]}/commands`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        domain,
        root,
        type,
        command,
        ...(correlationId ? { correlationId } : {}),
      }),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  }

  /** Sends a setup command and fails unless it is accepted. */
  async accept(
    domain: PokerDomain,
    root: string,
    type: string,
    command: Record<string, unknown>,
    correlationId?: string,
  ): Promise<Answer> {
    const answer = await this.send(domain, root, type, command, correlationId);
    if (answer.status !== 200) {
      throw new Error(
        `${type} to ${domain}/${root}: ${answer.status} ${JSON.stringify(answer.body)}`,
      );
    }
    return answer;
  }

  /** The state of an aggregate, or undefined before its first event. */
  async state<S>(domain: PokerDomain, root: string): Promise<S | undefined> {
    const res = await fetch(`${this.urls[domain]}/aggregates/${domain}/${root}?limit=1`);
    if (res.status === 404) return undefined;
    return ((await res.json()) as { state: S }).state;
  }

  /** The stored events of an aggregate, oldest first. */
  async history(domain: PokerDomain, root: string): Promise<HistoryEntry[]> {
    const res = await fetch(`${this.urls[domain]}/aggregates/${domain}/${root}?limit=500`);
    if (res.status === 404) return [];
    return ((await res.json()) as { history: { events: HistoryEntry[] } }).history.events;
  }

  /** Short type names of an aggregate's events. */
  async types(domain: PokerDomain, root: string): Promise<string[]> {
    return (await this.history(domain, root)).map((e) => e.event['@type'].replace(/^.*\./, ''));
  }

  /** The last event of `type` in a stream. */
  async last(
    domain: PokerDomain,
    root: string,
    type: string,
  ): Promise<HistoryEntry['event'] | undefined> {
    const events = await this.history(domain, root);
    return events.findLast((e) => e.event['@type'].endsWith(`.${type}`))?.event;
  }

  /** Resolves once the stream holds an event of `type` (a saga flow got there). */
  async waitForEvent(
    domain: PokerDomain,
    root: string,
    type: string,
  ): Promise<HistoryEntry['event']> {
    return waitFor(() => this.last(domain, root, type), {
      timeoutMs: FLOW_TIMEOUT_MS,
      message: `${type} at ${domain}/${root}`,
    });
  }

  /** Resolves once the state of an aggregate satisfies `predicate` (a saga flow got there). */
  async waitForState<S>(
    domain: PokerDomain,
    root: string,
    predicate: (state: S | undefined) => boolean,
    what: string,
  ): Promise<S> {
    return waitFor(
      async () => {
        const state = await this.state<S>(domain, root);
        return predicate(state) && state;
      },
      { timeoutMs: FLOW_TIMEOUT_MS, message: `${what} at ${domain}/${root}` },
    );
  }

  /** A correlation's audit trail, across the services (they share the audit log in Redis). */
  async timeline(correlationId: string): Promise<TimelineEntry[]> {
    const res = await fetch(
      `${this.urls.table}/correlations/${correlationId}/timeline?format=json`,
    );
    return res.status === 200 ? ((await res.json()) as TimelineEntry[]) : [];
  }

  /** The same trail as text, for people (and failure messages). */
  async timelineText(correlationId: string): Promise<string> {
    const res = await fetch(`${this.urls.hand}/correlations/${correlationId}/timeline?format=text`);
    return res.status === 200 ? res.text() : '';
  }

  /** Resolves once the timeline holds an entry matching `predicate`. */
  async waitForTimeline(
    correlationId: string,
    predicate: (entry: TimelineEntry) => boolean,
    what: string,
  ): Promise<TimelineEntry[]> {
    return waitFor(
      async () => {
        const timeline = await this.timeline(correlationId);
        return timeline.some(predicate) && timeline;
      },
      { timeoutMs: FLOW_TIMEOUT_MS, message: `${what} on the timeline of ${correlationId}` },
    );
  }

  // The lobby, the floor and the players.

  async register(player: string, bankroll: number, kycPending = false): Promise<void> {
    await this.accept('player', player, 'RegisterPlayer', { name: 'player', bankroll, kycPending });
  }

  async openTable(table: string, change: Record<string, unknown> = {}): Promise<void> {
    await this.accept('table', table, 'OpenTable', {
      name: 'main',
      maxSeats: 6,
      smallBlind: 5,
      bigBlind: 10,
      minBuyIn: 10,
      maxBuyIn: 1000,
      actionTimeoutSeconds: 30,
      ...change,
    });
  }

  /** Seats each player (seat, buy-in) through the whole seat-request flow, all at once. */
  async seat(table: string, seats: readonly (readonly [string, number, number])[]): Promise<void> {
    for (const [player, seat, buyIn] of seats) {
      await this.accept('table', table, 'RequestSeat', { playerId: player, seat, buyIn });
    }
    await waitFor(
      async () => {
        const state = await this.state<{ seats: Record<string, { status: string }> }>(
          'table',
          table,
        );
        return seats.every(([player]) => state?.seats[player]?.status === 'playing');
      },
      { timeoutMs: FLOW_TIMEOUT_MS, message: `players seated at table ${table}` },
    );
  }

  /** Deals a hand and waits until the hand prompts its first player. */
  async deal(table: string, hand: string, correlationId?: string): Promise<void> {
    await this.accept('table', table, 'DealHand', { handId: hand }, correlationId);
    await this.waitForEvent('hand', hand, 'ActionRequested');
  }

  /** The player folds; fails unless the hand takes it (it must be their turn). */
  async fold(hand: string, player: string): Promise<void> {
    await this.accept('hand', hand, 'Fold', { playerId: player });
  }
}

/** An id as the events of a history render it: proto JSON writes `bytes` as base64. */
export const idJson = (id: string): string => Buffer.from(uuidToBytes(id)).toString('base64');

/** A fresh aggregate root. */
export const newRoot = (): string => randomUUID();
