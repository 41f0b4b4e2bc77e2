import { create } from '@bufbuild/protobuf';
import {
  HandSeatSchema,
  JoinTableSchema,
  OpenTableSchema,
  PlaceBetSchema,
  RegisterPlayerSchema,
  ReserveFundsSchema,
  StartHandSchema,
} from '@poker/contracts';
import { newRoot, rootToString, uuidToBytes, type CommandBook } from '@saga-kit/core';
import { Partitioners } from 'kafkajs';
import { waitFor } from '../../infra';
import type { PokerSystem, Service } from './poker-system';

/** A fresh aggregate root, as a UUID string. */
export const newId = (): string => rootToString(newRoot());

const partitioner = Partitioners.DefaultPartitioner();

/** The partition of a topic with `partitions` partitions that a message keyed by `key` goes to. */
export function partitionOf(key: string, partitions: number): number {
  const partitionMetadata = Array.from({ length: partitions }, (_, partitionId) => ({
    partitionId,
    leader: 0,
    partitionErrorCode: 0,
    replicas: [0],
    isr: [0],
  }));
  return partitioner({ topic: 'any', partitionMetadata, message: { key, value: null } });
}

/**
 * Fresh roots whose messages go to partitions 0, 1, ..., partitions - 1, 0, 1, ... in turn: a
 * set of flows that touches every partition of every topic, whoever owns which.
 */
export function rootsOnEveryPartition(count: number, partitions = 4): string[] {
  return Array.from({ length: count }, (_, i) => {
    for (;;) {
      const root = newId();
      if (partitionOf(root, partitions) === i % partitions) return root;
    }
  });
}

/** Opens a table at the table service. */
export async function openTable(system: PokerSystem, table: Service, tableId = newId()) {
  await system.accept(table, {
    domain: 'table',
    root: tableId,
    command: create(OpenTableSchema, { name: 'T1', maxSeats: 9 }),
  });
  return tableId;
}

/**
 * Seats a new player the way the product does it, across services and only through Kafka:
 * the player reserves funds; the player-table saga asks the table to seat them; the
 * table-player saga asks the player to be verified. Resolves once the player is verified.
 */
export async function seatThroughSagas(
  system: PokerSystem,
  player: Service,
  tableId: string,
  seat: number,
  buyIn: number,
): Promise<string> {
  const playerId = newId();
  await system.accept(player, {
    domain: 'player',
    root: playerId,
    command: create(RegisterPlayerSchema, { name: `P${seat}`, bankroll: 1_000 }),
  });
  await system.accept(player, {
    domain: 'player',
    root: playerId,
    command: create(ReserveFundsSchema, { tableId: uuidToBytes(tableId), amount: buyIn, seat }),
  });
  await waitFor(
    async () => (await system.eventTypes('player', playerId)).includes('PlayerVerified'),
    {
      message: `player ${playerId} to be seated and verified`,
    },
  );
  return playerId;
}

/** Seats a player at the table service directly (a join without a saga behind it). */
export async function seatDirectly(
  system: PokerSystem,
  table: Service,
  tableId: string,
  seat: number,
  buyIn: number,
): Promise<string> {
  const playerId = newId();
  await system.accept(table, {
    domain: 'table',
    root: tableId,
    command: create(JoinTableSchema, { playerId: uuidToBytes(playerId), seat, buyIn }),
  });
  return playerId;
}

/** Starts a hand at the hand service for a table, with the players in it. */
export async function startHand(
  system: PokerSystem,
  hand: Service,
  tableId: string,
  players: readonly string[],
  handId = newId(),
): Promise<string> {
  await system.accept(hand, {
    domain: 'hand',
    root: handId,
    command: create(StartHandSchema, {
      tableId: uuidToBytes(tableId),
      seats: players.map((p, i) =>
        create(HandSeatSchema, { playerId: uuidToBytes(p), seat: i + 1, stack: 500 }),
      ),
    }),
  });
  return handId;
}

/** A bet at a hand, as the command a gateway publishes. */
export function placeBet(
  system: PokerSystem,
  handId: string,
  playerId: string,
  amount: number,
  correlationId?: string,
): CommandBook {
  return system.command({
    domain: 'hand',
    root: handId,
    command: create(PlaceBetSchema, { playerId: uuidToBytes(playerId), amount }),
    ...(correlationId ? { correlationId } : {}),
  });
}
