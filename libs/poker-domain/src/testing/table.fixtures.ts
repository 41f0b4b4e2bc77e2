import { create } from '@bufbuild/protobuf';
import {
  HandDealtSchema,
  HandSeatSchema,
  PlayerJoinedSchema,
  SeatConfirmedSchema,
  TableOpenedSchema,
} from '@poker/contracts';
import type { TableEvent } from '../table/table.messages';
import { bytesOf } from '../shared';
import { ids } from './fixtures';

/** A six-max 5/10 table taking buy-ins of 100 to 1000, opened. */
export function tableOpened(maxSeats = 6): TableEvent {
  return create(TableOpenedSchema, {
    name: 'main',
    maxSeats,
    smallBlind: 5,
    bigBlind: 10,
    minBuyIn: 100,
    maxBuyIn: 1000,
    actionTimeoutSeconds: 30,
  });
}

/** `playerId` joined `seat` with `buyIn` and was verified. */
export function seated(playerId: string, seat: number, buyIn = 500): TableEvent[] {
  return [
    joined(playerId, seat, buyIn),
    create(SeatConfirmedSchema, { playerId: bytesOf(playerId), seat }),
  ];
}

/** `playerId` joined `seat` with `buyIn`, not yet verified. */
export function joined(playerId: string, seat: number, buyIn = 500): TableEvent {
  return create(PlayerJoinedSchema, { playerId: bytesOf(playerId), seat, buyIn });
}

/** A hand dealt to `players` (seat, stack) with the button on `button`. */
export function handDealt(
  players: readonly (readonly [string, number, number])[],
  button: number,
  handId: string = ids.hand,
): TableEvent {
  return create(HandDealtSchema, {
    handId: bytesOf(handId),
    seats: players.map(([playerId, seat, stack]) =>
      create(HandSeatSchema, { playerId: bytesOf(playerId), seat, stack }),
    ),
    smallBlind: 5,
    bigBlind: 10,
    button,
    actionTimeoutSeconds: 30,
  });
}
