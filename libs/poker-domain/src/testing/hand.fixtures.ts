import { create } from '@bufbuild/protobuf';
import {
  AbortHandSchema,
  CheckSchema,
  ConfirmStackDeductionSchema,
  DisconnectPlayerSchema,
  ExpireActionTimerSchema,
  FoldSchema,
  HandSeatSchema,
  PlaceBetSchema,
  RequestActionRetrySchema,
  StartHandSchema,
  type StartHand,
} from '@poker/contracts';
import { decideHand } from '../hand/hand.decide';
import { evolveHand } from '../hand/hand.evolve';
import type { HandCommand, HandEvent } from '../hand/hand.messages';
import { initialHandState, type HandState } from '../hand/hand.state';
import { bytesOf, type PokerContext } from '../shared';
import { contextAt, ids } from './fixtures';

/** StartHand at the fixture table with 5/10 blinds and 30 s to act. */
export function startHand(
  players: readonly (readonly [string, number, number])[],
  button: number,
  options: { ranking?: readonly string[]; smallBlind?: number; bigBlind?: number } = {},
): StartHand {
  return create(StartHandSchema, {
    tableId: bytesOf(ids.table),
    seats: players.map(([playerId, seat, stack]) =>
      create(HandSeatSchema, { playerId: bytesOf(playerId), seat, stack }),
    ),
    smallBlind: options.smallBlind ?? 5,
    bigBlind: options.bigBlind ?? 10,
    button,
    actionTimeoutSeconds: 30,
    showdownRanking: (options.ranking ?? []).map(bytesOf),
  });
}

/**
 * A hand stream being written by deciding commands one after another. Unless told otherwise it
 * plays the table too: every blind or bet is confirmed as taken from the stack right away.
 */
export class HandScript {
  readonly events: HandEvent[] = [];
  state: HandState = initialHandState();

  constructor(
    private readonly ctx: PokerContext = contextAt(),
    private readonly confirmDeductions = true,
  ) {}

  /** Decides `command` (and the confirmations it causes), appends the events and returns them. */
  run(command: HandCommand): HandEvent[] {
    const events = decideHand(command, this.state, this.ctx);
    this.append(events);
    if (!this.confirmDeductions) return events;
    const confirmations = events.flatMap((e) =>
      e.$typeName === 'poker.v1.BlindPosted' || e.$typeName === 'poker.v1.BetPlaced'
        ? [create(ConfirmStackDeductionSchema, { playerId: e.playerId, amount: e.amount })]
        : [],
    );
    return [...events, ...confirmations.flatMap((c) => this.run(c))];
  }

  /** Appends events decided elsewhere (e.g. by a rejection handler). */
  append(events: readonly HandEvent[]): void {
    this.events.push(...events);
    this.state = events.reduce(evolveHand, this.state);
  }

  /** Decides each command in turn; returns all their events. */
  runAll(...commands: HandCommand[]): HandEvent[] {
    return commands.flatMap((c) => this.run(c));
  }
}

/** Event type short names, e.g. `['BetPlaced', 'ActionRequested']`. */
export function typesOf(events: readonly { $typeName: string }[]): string[] {
  return events.map((e) => e.$typeName.slice('poker.v1.'.length));
}

/** Event type short names without the table's confirmations, which follow every bet. */
export function playOf(events: readonly { $typeName: string }[]): string[] {
  return typesOf(events).filter((t) => t !== 'StackDeductionConfirmed');
}

/** Hand commands by player id. */
export const act = {
  bet: (player: string, amount: number) =>
    create(PlaceBetSchema, { playerId: bytesOf(player), amount }),
  check: (player: string) => create(CheckSchema, { playerId: bytesOf(player) }),
  fold: (player: string) => create(FoldSchema, { playerId: bytesOf(player) }),
  disconnect: (player: string) => create(DisconnectPlayerSchema, { playerId: bytesOf(player) }),
  expire: (player: string, actionNumber: number) =>
    create(ExpireActionTimerSchema, { playerId: bytesOf(player), actionNumber }),
  retry: (player: string, actionNumber: number, reason: string) =>
    create(RequestActionRetrySchema, { playerId: bytesOf(player), actionNumber, reason }),
  abort: (reason: string) => create(AbortHandSchema, { reason }),
};
