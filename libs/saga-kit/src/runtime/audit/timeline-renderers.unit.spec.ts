import type { AuditEntry } from '../../ports/audit-log.port';
import {
  renderTimelineJson,
  renderTimelineMermaid,
  renderTimelineText,
} from './timeline-renderers';

const hand = '11111111-1111-4111-8111-111111111111';
const table = '22222222-2222-4222-8222-222222222222';
const at = new Date('2024-01-01T00:00:00.000Z');

const entry = (e: Partial<AuditEntry> & Pick<AuditEntry, 'kind'>): AuditEntry => ({
  id: `${e.kind}-${Math.random()}`,
  correlationId: 'c',
  at,
  domain: 'hand',
  root: hand,
  component: 'hand',
  ...e,
});

const story: AuditEntry[] = [
  entry({
    kind: 'command.accepted',
    commandType: 'PlaceBet',
    eventTypes: ['BetPlaced'],
    sequences: [5],
  }),
  entry({
    kind: 'command.issued',
    saga: 'hand-table',
    commandType: 'DeductFromPlayerStack',
    sequences: [5],
    peer: { domain: 'table', root: table },
  }),
  entry({
    kind: 'command.rejected',
    domain: 'table',
    root: table,
    commandType: 'DeductFromPlayerStack',
    reason: 'player_folded',
    peer: { domain: 'hand', root: hand },
  }),
  entry({
    kind: 'notification.sent',
    domain: 'table',
    root: table,
    commandType: 'DeductFromPlayerStack',
    reason: 'player;folded#x',
    peer: { domain: 'hand', root: hand },
  }),
  entry({
    kind: 'notification.handled',
    commandType: 'DeductFromPlayerStack',
    details: { result: 'events' },
    peer: { domain: 'table', root: table },
  }),
  entry({ kind: 'compensation.appended', eventTypes: ['BetReverted'], sequences: [6] }),
  entry({
    kind: 'revocation.delegated',
    reason: 'gave up',
    details: { escalate: true, abort: false },
  }),
];

describe('timeline renderers', () => {
  it('renders one text line per entry with time, kind, aggregate and what happened', () => {
    const lines = renderTimelineText(story).split('\n');
    expect(lines).toHaveLength(story.length);
    expect(lines[0]).toBe(
      `2024-01-01T00:00:00.000Z  command.accepted       hand/11111111    PlaceBet accepted → BetPlaced@5`,
    );
    expect(lines[2]).toMatch(/table\/22222222 +DeductFromPlayerStack rejected: player_folded$/);
    expect(lines[5]).toMatch(/compensated with BetReverted@6$/);
    expect(lines[6]).toMatch(/delegated to the framework: gave up \[escalate\]$/);
  });

  it('renders JSON with ISO times and a summary per entry', () => {
    const json = JSON.parse(renderTimelineJson(story)) as {
      at: string;
      kind: string;
      summary: string;
    }[];
    expect(json[1]).toMatchObject({
      at: '2024-01-01T00:00:00.000Z',
      kind: 'command.issued',
      summary: 'saga hand-table issued DeductFromPlayerStack to table/22222222 for event @5',
    });
  });

  it('renders a mermaid sequence diagram: aggregates and sagas as participants, facts as arrows', () => {
    expect(renderTimelineMermaid(story).split('\n')).toEqual([
      'sequenceDiagram',
      '  participant P1 as hand 11111111',
      '  participant P2 as saga hand-table',
      '  participant P3 as table 22222222',
      '  P1->>P1: PlaceBet → BetPlaced@5',
      '  P1-->>P2: event @5',
      '  P2->>P3: DeductFromPlayerStack',
      '  P3-xP3: rejects DeductFromPlayerStack: player_folded',
      '  P3--)P1: rejection of DeductFromPlayerStack: player folded x',
      '  Note over P1: @Rejected DeductFromPlayerStack: events',
      '  P1->>P1: compensate → BetReverted@6',
      '  Note over P1: delegated: gave up [escalate]',
    ]);
  });
});
