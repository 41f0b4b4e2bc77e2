import { create, type Message } from '@bufbuild/protobuf';
import {
  BetAction,
  BetPlacedSchema,
  HandSeatSchema,
  HandStartedSchema,
  Street,
} from '@poker/contracts';
import {
  applyReadTimeTransforms,
  buildPages,
  evolvePages,
  newRoot,
  RevocationSchema,
  SnapshotSchema,
  toWireSequence,
  type AggregateDefinition,
  type EventPage,
  type EventStore,
  type StreamId,
  type TypeRegistry,
} from '@saga-kit/core';

/** Business events per block; each block ends with a Revocation marker. */
const BLOCK = 100;
const PLAYERS = 6;
/** Blocks per append. */
const BLOCKS_PER_APPEND = 10;

/** What was written. */
export interface RevokedStream {
  stream: StreamId;
  /** Pages in the stream: the business events, the markers, the HandStarted. */
  pages: number;
  businessEvents: number;
  revoked: number;
  markers: number;
  /** Sequence of the snapshot, and pages after it (what a load with snapshots reads). */
  snapshotAt: number;
  tailPages: number;
}

/**
 * Writes a hand of `events` bets, `revokedPercent` of them revoked: blocks of 100 BetPlaced, each
 * followed by a `Revocation` marker naming `revokedPercent` bets of its block. Then saves the
 * snapshot a service would hold: the state folded up to the last block boundary at least half a
 * snapshot interval behind the head (so no marker after it revokes anything it folded in).
 */
export async function writeRevokedHand(
  store: EventStore,
  registry: TypeRegistry,
  definition: AggregateDefinition,
  options: { events: number; revokedPercent: number; snapshotEvery: number },
): Promise<RevokedStream> {
  const stream: StreamId = { domain: 'hand', root: crypto.randomUUID() };
  const players = Array.from({ length: PLAYERS }, () => newRoot());
  const tableId = newRoot();
  const at = new Date();
  const revokedPerBlock = Math.round((BLOCK * options.revokedPercent) / 100);
  const blocks = Math.ceil(options.events / BLOCK);
  const written: EventPage[] = [];
  const append = async (events: Message[]): Promise<void> => {
    const pages = buildPages(registry, events, written.length, `bench-${written.length}`, at);
    const result = await store.append({ stream, expectedSequence: written.length, pages });
    if (result.status !== 'appended') throw new Error('the rebuild stream append was refused');
    written.push(...pages);
  };
  await append([
    create(HandStartedSchema, {
      tableId,
      seats: players.map((playerId, i) =>
        create(HandSeatSchema, { playerId, seat: i + 1, stack: 1e6 }),
      ),
    }),
  ]);
  let revoked = 0;
  let businessEvents = 0;
  const blockEnds: number[] = [];
  for (let b = 0; b < blocks; b += BLOCKS_PER_APPEND) {
    const events: Message[] = [];
    for (let k = b; k < Math.min(blocks, b + BLOCKS_PER_APPEND); k++) {
      const first = written.length + events.length;
      const size = Math.min(BLOCK, options.events - businessEvents);
      for (let i = 0; i < size; i++) {
        events.push(
          create(BetPlacedSchema, {
            playerId: players[i % PLAYERS],
            amount: 1 + (i % 7),
            tableId,
            street: Street.PREFLOP,
            action: BetAction.BET,
          }),
        );
      }
      businessEvents += size;
      const step = Math.max(1, Math.floor(size / Math.max(1, revokedPerBlock)));
      const sequences = Array.from({ length: Math.min(revokedPerBlock, size) }, (_, j) =>
        toWireSequence(first + j * step),
      );
      revoked += sequences.length;
      events.push(create(RevocationSchema, { sequences, reason: 'bench: bet never stood' }));
      blockEnds.push(first + size);
    }
    await append(events);
  }
  const head = written.length - 1;
  const snapshotAt =
    [...blockEnds].reverse().find((end) => head - end >= options.snapshotEvery / 2) ??
    blockEnds[0]!;
  const view = applyReadTimeTransforms(written.slice(0, snapshotAt + 1));
  const state = evolvePages(definition, definition.initialState(), view.pages);
  await store.saveSnapshot(
    stream,
    create(SnapshotSchema, {
      sequence: toWireSequence(snapshotAt),
      state: definition.stateCodec.encode(state),
    }),
  );
  return {
    stream,
    pages: written.length,
    businessEvents,
    revoked,
    markers: blockEnds.length,
    snapshotAt,
    tailPages: head - snapshotAt,
  };
}
