import type { DescFile } from '@bufbuild/protobuf';
import { file_poker_v1_hand, file_poker_v1_player, file_poker_v1_table } from '@poker/contracts';
import { aggregateDefinitionOf, sagaDefinitionOf } from '@saga-kit/core';
import { HAND_REJECTION_HANDLERS } from './hand/hand.compensations';
import { HAND_REJECTIONS } from './hand/hand.rejections';
import { PLAYER_REJECTION_HANDLERS } from './player/player.compensations';
import { PLAYER_REJECTIONS } from './player/player.rejections';
import { HAND_SERVICE, PLAYER_SERVICE, POKER_SERVICES, TABLE_SERVICE } from './poker-services';
import { TABLE_REJECTION_HANDLERS } from './table/table.compensations';
import { TABLE_REJECTIONS } from './table/table.rejections';

/** Messages of a contract file that are neither commands nor building blocks: its events. */
const eventsOf = (file: DescFile, commands: readonly string[], parts: readonly string[] = []) =>
  file.messages
    .map((m) => m.name)
    .filter((name) => !commands.includes(name) && !parts.includes(name))
    .sort();

const SERVICES = [
  {
    service: PLAYER_SERVICE,
    catalog: PLAYER_REJECTIONS,
    handlers: PLAYER_REJECTION_HANDLERS,
    events: eventsOf(file_poker_v1_player, Object.keys(PLAYER_REJECTIONS)),
  },
  {
    service: TABLE_SERVICE,
    catalog: TABLE_REJECTIONS,
    handlers: TABLE_REJECTION_HANDLERS,
    events: eventsOf(file_poker_v1_table, Object.keys(TABLE_REJECTIONS)),
  },
  {
    service: HAND_SERVICE,
    catalog: HAND_REJECTIONS,
    handlers: HAND_REJECTION_HANDLERS,
    events: eventsOf(file_poker_v1_hand, Object.keys(HAND_REJECTIONS), ['HandSeat']),
  },
];
const short = (typeName: string) => typeName.slice('poker.v1.'.length);

describe('poker services', () => {
  it.each(SERVICES)('$service.domain handles every command of its contract', (s) => {
    const [aggregate] = s.service.aggregates.map((A) => aggregateDefinitionOf(new A()));
    expect(aggregate?.domain).toBe(s.service.domain);
    expect([...aggregate!.commands.keys()].map(short).sort()).toEqual(
      Object.keys(s.catalog).sort(),
    );
  });

  it.each(SERVICES)('$service.domain applies every event of its contract', (s) => {
    const aggregate = aggregateDefinitionOf(new s.service.aggregates[0]!());
    expect([...aggregate.evolvers.keys()].map(short).sort()).toEqual(s.events);
  });

  it.each(SERVICES)('$service.domain answers every rejection it has an answer for', (s) => {
    const aggregate = aggregateDefinitionOf(new s.service.aggregates[0]!());
    expect([...aggregate.rejections.keys()].sort()).toEqual(Object.keys(s.handlers).sort());
  });

  it.each(SERVICES)('$service.domain hosts the sagas fed by its events', (s) => {
    for (const S of s.service.sagas) expect(sagaDefinitionOf(new S()).from).toBe(s.service.domain);
  });

  it('runs the five sagas, each once', () => {
    const names = POKER_SERVICES.flatMap((s) => s.sagas.map((S) => sagaDefinitionOf(new S()).name));
    expect(names.sort()).toEqual([
      'hand-table',
      'hand-timers',
      'player-table',
      'table-hand',
      'table-player',
    ]);
  });
});
