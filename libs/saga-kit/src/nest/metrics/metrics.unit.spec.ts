import { Headers } from '../../messaging/headers';
import { newRoot, rootToString } from '../../messaging/ids';
import type { AuditEntry } from '../../ports/audit-log.port';
import { call, createTestApp, type TestApp } from '../nest-fixtures.spec';
import { SagaKitMetrics } from './saga-kit-metrics';

type Labels = Record<string, string>;

/** The value of one sample in the exposition text, or undefined when it is absent. */
function sample(text: string, name: string, labels: Labels): number | undefined {
  const line = text
    .split('\n')
    .find(
      (l) =>
        l.startsWith(`${name}{`) &&
        Object.entries(labels).every(([k, v]) => l.includes(`${k}="${v}"`)),
    );
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
}

describe('metrics', () => {
  describe('GET /metrics after a flow', () => {
    let t: TestApp;
    let text: string;
    const post = (body: unknown) => call(`${t.url}/commands`, { body });

    beforeAll(async () => {
      t = await createTestApp();
      const table = rootToString(newRoot());
      const player = rootToString(newRoot());
      const hand = rootToString(newRoot());
      await post({
        domain: 'table',
        root: table,
        type: 'OpenTable',
        command: { name: 'T', maxSeats: 6 },
      });
      await post({
        domain: 'hand',
        root: hand,
        type: 'StartHand',
        command: { tableId: table, seats: [{ playerId: player, seat: 1, stack: 100 }] },
      });
      // The player never sat at the table: the deduction is rejected, the bet reverted.
      await post({
        domain: 'hand',
        root: hand,
        type: 'PlaceBet',
        command: { playerId: player, amount: 10 },
      });
      await post({
        domain: 'table',
        root: table,
        type: 'OpenTable',
        command: { name: 'T', maxSeats: 6 },
      });
      // A message nobody can decode is dead-lettered by the consumer boundary.
      await t.transport.publish([
        {
          topic: t.runtime.topics.commands('hand'),
          key: hand,
          value: new Uint8Array([0xff, 0xff, 0xff]),
          headers: { [Headers.MessageId]: 'garbage-1' },
        },
      ]);
      await t.waitForIdle();
      const res = await call(`${t.url}/metrics`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/plain;.*version=0\.0\.4/);
      text = res.text;
    });

    afterAll(async () => {
      await t.close();
    });

    it('counts commands by domain, type and outcome', () => {
      const base = { service: 'test' };
      expect(
        sample(text, 'sagakit_commands_total', {
          ...base,
          domain: 'hand',
          type: 'PlaceBet',
          outcome: 'accepted',
        }),
      ).toBe(1);
      expect(
        sample(text, 'sagakit_commands_total', {
          ...base,
          domain: 'table',
          type: 'OpenTable',
          outcome: 'accepted',
        }),
      ).toBe(1);
      expect(
        sample(text, 'sagakit_commands_total', {
          ...base,
          domain: 'table',
          type: 'OpenTable',
          outcome: 'rejected',
        }),
      ).toBe(1);
      expect(
        sample(text, 'sagakit_commands_total', {
          ...base,
          domain: 'table',
          type: 'DeductFromPlayerStack',
          outcome: 'rejected',
        }),
      ).toBe(1);
    });

    it('counts rejections by reason, and the compensation they caused', () => {
      expect(
        sample(text, 'sagakit_rejections_total', {
          domain: 'table',
          type: 'DeductFromPlayerStack',
          reason: 'player_not_seated',
        }),
      ).toBe(1);
      expect(
        sample(text, 'sagakit_rejections_total', {
          domain: 'table',
          type: 'OpenTable',
          reason: 'table_already_open',
        }),
      ).toBe(1);
      expect(
        sample(text, 'sagakit_compensations_total', { domain: 'hand', kind: 'handler_events' }),
      ).toBe(1);
      expect(
        sample(text, 'sagakit_saga_commands_total', {
          saga: 'hand-table',
          type: 'DeductFromPlayerStack',
        }),
      ).toBe(1);
      expect(sample(text, 'sagakit_notifications_total', { domain: 'table', kind: 'sent' })).toBe(
        1,
      );
    });

    it('counts dead letters by domain, reason and component', () => {
      expect(
        sample(text, 'sagakit_dead_letters_total', {
          domain: 'hand',
          reason: 'undecodable',
          component: 'hand',
        }),
      ).toBe(1);
    });

    it('times the consumers and the gateway', () => {
      const count = (labels: Labels) =>
        sample(text, 'sagakit_handler_duration_seconds_count', labels) ?? 0;
      expect(
        count({ consumer: 'table.aggregate', channel: 'commands', outcome: 'ok' }),
      ).toBeGreaterThanOrEqual(1);
      expect(
        count({ consumer: 'saga.hand-table', channel: 'events', outcome: 'ok' }),
      ).toBeGreaterThanOrEqual(1);
      expect(
        count({ consumer: 'hand.aggregate', channel: 'notifications', outcome: 'ok' }),
      ).toBeGreaterThanOrEqual(1);
      expect(count({ consumer: 'gateway', channel: 'commands', outcome: 'ok' })).toBe(4);
    });
  });

  describe('SagaKitMetrics', () => {
    const entry = (
      kind: AuditEntry['kind'],
      id: string,
      extra: Partial<AuditEntry> = {},
    ): AuditEntry => ({
      id,
      kind,
      correlationId: 'c',
      at: new Date(0),
      domain: 'table',
      root: 'r',
      component: 'table',
      ...extra,
    });

    it('counts a fact recorded again (a redelivery) once', async () => {
      const metrics = new SagaKitMetrics('s', { defaultMetrics: false });
      const rejected = entry('command.rejected', 'a', {
        commandType: 'JoinTable',
        reason: 'seat_taken',
      });
      metrics.observe(rejected);
      metrics.observe(rejected);
      const { body } = await metrics.render();
      expect(sample(body, 'sagakit_rejections_total', { reason: 'seat_taken' })).toBe(1);
      expect(sample(body, 'sagakit_commands_total', { outcome: 'rejected' })).toBe(1);
    });

    it('counts escalations by status and undo markers as compensations', async () => {
      const metrics = new SagaKitMetrics('s', { defaultMetrics: false });
      metrics.observe(entry('escalation.queued', '1'));
      metrics.observe(entry('escalation.failed', '2'));
      metrics.observe(entry('system-revocation.appended', '3'));
      metrics.observe(entry('undo.revoked', '4'));
      const { body } = await metrics.render();
      expect(sample(body, 'sagakit_escalations_total', { status: 'queued' })).toBe(1);
      expect(sample(body, 'sagakit_escalations_total', { status: 'failed' })).toBe(1);
      expect(sample(body, 'sagakit_compensations_total', { kind: 'system_revocation' })).toBe(1);
      expect(sample(body, 'sagakit_compensations_total', { kind: 'revocation' })).toBe(1);
    });
  });

  it('answers 404 when metrics are off', async () => {
    const t = await createTestApp({ metrics: false });
    try {
      const res = await call(`${t.url}/metrics`);
      expect(res.status).toBe(404);
      expect((res.body as { message: string }).message).toMatch(/metrics are turned off/);
    } finally {
      await t.close();
    }
  });
});
