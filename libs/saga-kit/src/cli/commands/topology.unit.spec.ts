import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BetPlacedSchema, DeductFromPlayerStackSchema, PlaceBetSchema } from '@poker/contracts';
import { Aggregate } from '../../decorators/aggregate.decorator';
import { Applies } from '../../decorators/applies.decorator';
import { Compensate } from '../../decorators/compensate.decorator';
import { Handles } from '../../decorators/handles.decorator';
import { OnEvent } from '../../decorators/on-event.decorator';
import { Rejected } from '../../decorators/rejected.decorator';
import { Saga } from '../../decorators/saga.decorator';
import { defineSaga } from '../../runtime/definition/saga-definition';
import { cli } from '../cli-runner.spec';
import { isTopologySource, renderTopologyMermaid, topologyOf } from './topology';

@Aggregate({ domain: 'hand' })
class HandAggregate {
  constructor(readonly required: string) {}
  initialState(): object {
    return {};
  }
  @Handles(PlaceBetSchema) placeBet(): [] {
    return [];
  }
  @Applies(BetPlacedSchema) onBetPlaced(state: object): object {
    return state;
  }
  @Rejected({ domain: 'table', command: 'DeductFromPlayerStack' }) onDeductRejected(): null {
    return null;
  }
  @Compensate('BetPlaced') undoBet(): [] {
    return [];
  }
}

@Saga({ name: 'hand-table', from: 'hand', to: 'table' })
class HandTableSaga {
  @OnEvent(BetPlacedSchema) deduct(): [] {
    return [];
  }
}

describe('topology', () => {
  // Decorated classes (read without running their constructors), and a plain definition.
  const sources = [
    HandAggregate,
    new HandTableSaga(),
    defineSaga({ name: 'table-hand', from: 'table', to: 'hand' })
      .on(DeductFromPlayerStackSchema, () => [])
      .build(),
  ];

  it('lists aggregates with commands, events, rejection routes and compensations, and sagas', () => {
    expect(sources.every(isTopologySource)).toBe(true);
    expect(isTopologySource({ name: 'not a service' })).toBe(false);
    expect(topologyOf(sources)).toEqual({
      aggregates: [
        {
          name: 'HandAggregate',
          domain: 'hand',
          commands: ['PlaceBet'],
          events: ['BetPlaced'],
          rejections: [
            {
              domain: 'table',
              command: 'DeductFromPlayerStack',
              handler: 'HandAggregate.onDeductRejected',
            },
          ],
          compensates: ['BetPlaced'],
        },
      ],
      sagas: [
        { name: 'hand-table', from: 'hand', to: 'table', events: ['BetPlaced'] },
        { name: 'table-hand', from: 'table', to: 'hand', events: ['DeductFromPlayerStack'] },
      ],
    });
  });

  it('draws domains as nodes, sagas as arrows and rejection routes as dotted arrows', () => {
    expect(renderTopologyMermaid(topologyOf(sources)).split('\n')).toEqual([
      'flowchart LR',
      '  d_hand["hand (HandAggregate)"]',
      '  d_table["table"]',
      '  d_hand -->|"saga hand-table: BetPlaced"| d_table',
      '  d_table -->|"saga table-hand: DeductFromPlayerStack"| d_hand',
      '  d_table -.->|"rejects DeductFromPlayerStack"| d_hand',
    ]);
  });

  it('draws a topology file, and refuses a file that is not JSON or not a topology (exit 2)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'saga-kit-topology-'));
    try {
      const file = (name: string, text: string): string => {
        writeFileSync(join(dir, name), text);
        return join(dir, name);
      };
      const model = topologyOf(sources);
      const drawn = await cli('topology', '--file', file('ok.json', JSON.stringify(model)));
      expect(drawn).toEqual({ code: 0, out: [renderTopologyMermaid(model)], err: [] });
      for (const [name, text, message] of [
        ['broken.json', '{"aggregates": [', /cannot read .*broken\.json/],
        ['null.json', 'null', /null\.json is not a topology/],
        ['list.json', '[]', /list\.json is not a topology/],
      ] as const) {
        const refused = await cli('topology', '--file', file(name, text));
        expect({ name, code: refused.code }).toEqual({ name, code: 2 });
        expect(refused.err.join('\n')).toMatch(message);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
