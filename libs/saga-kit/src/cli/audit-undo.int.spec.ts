import { create } from '@bufbuild/protobuf';
import { BetPlacedSchema, POKER_FILES } from '@poker/contracts';
import { Redis } from 'ioredis';
import { kafkaBrokers, kafkaControl, redisUrl, uniqueName } from '../../../../test/infra';
import { RedisAuditLog } from '../adapters/redis/redis-audit-log.adapter';
import { RedisEventStore } from '../adapters/redis/redis-event-store.adapter';
import { newRoot, rootToString, uuidToBytes } from '../messaging/ids';
import { TypeRegistry } from '../messaging/type-registry';
import { systemClock } from '../ports/clock.port';
import { buildPages } from '../runtime/aggregate/event-pages';
import { AuditRecorder } from '../runtime/audit/audit-recorder';
import { revoke } from '../runtime/undo/undo-request';
import { cli } from './cli-runner.spec';

describe('saga-kit audit, revoke and compensate (Redis, Kafka mock)', () => {
  const registry = new TypeRegistry(...POKER_FILES);
  let redis: Redis;
  beforeAll(() => {
    redis = new Redis(redisUrl(), { maxRetriesPerRequest: 2 });
  });
  afterAll(async () => {
    await redis.quit();
  });

  describe('audit', () => {
    const keyPrefix = uniqueName('cli-audit');
    const correlationId = uniqueName('corr');
    const hand = rootToString(newRoot());
    const table = rootToString(newRoot());

    beforeAll(async () => {
      const audit = new AuditRecorder(new RedisAuditLog(redis, { keyPrefix }), systemClock);
      const base = { correlationId, key: [correlationId] };
      await audit.record({
        ...base,
        kind: 'command.accepted',
        domain: 'hand',
        root: hand,
        component: 'hand',
        commandType: 'PlaceBet',
        eventTypes: ['BetPlaced'],
        sequences: [0],
      });
      await audit.record({
        ...base,
        kind: 'command.issued',
        domain: 'hand',
        root: hand,
        component: 'saga:hand-table',
        saga: 'hand-table',
        commandType: 'DeductFromPlayerStack',
        sequences: [0],
        peer: { domain: 'table', root: table },
      });
      await audit.record({
        ...base,
        kind: 'command.rejected',
        domain: 'table',
        root: table,
        component: 'table',
        commandType: 'DeductFromPlayerStack',
        reason: 'player_folded',
        peer: { domain: 'hand', root: hand },
      });
      await audit.record({
        ...base,
        kind: 'notification.sent',
        domain: 'table',
        root: table,
        component: 'table',
        commandType: 'DeductFromPlayerStack',
        reason: 'player_folded',
        peer: { domain: 'hand', root: hand },
      });
      await audit.record({
        ...base,
        kind: 'notification.handled',
        domain: 'hand',
        root: hand,
        component: 'hand',
        commandType: 'DeductFromPlayerStack',
        details: { result: 'revoke' },
        peer: { domain: 'table', root: table },
      });
      // The hand's stream: the bet, then a Revocation of it.
      const store = new RedisEventStore(redis, { keyPrefix });
      const pages = buildPages(
        registry,
        [
          create(BetPlacedSchema, { playerId: uuidToBytes(rootToString(newRoot())), amount: 50 }),
          revoke([0], 'player_folded'),
        ],
        0,
        'cause',
        new Date(),
      );
      await store.append({ stream: { domain: 'hand', root: hand }, expectedSequence: 0, pages });
    });

    it('prints the timeline as a mermaid diagram whose participants and arrows match the flow', async () => {
      const { code, out } = await cli(
        '--redis',
        redisUrl(),
        '--key-prefix',
        keyPrefix,
        'audit',
        '--correlation',
        correlationId,
        '--format',
        'mermaid',
      );
      expect(code).toBe(0);
      const lines = out.join('\n').split('\n');
      expect(lines[0]).toBe('sequenceDiagram');
      expect(lines.filter((l) => l.includes('participant'))).toEqual([
        `  participant P1 as hand ${hand.slice(0, 8)}`,
        '  participant P2 as saga hand-table',
        `  participant P3 as table ${table.slice(0, 8)}`,
      ]);
      expect(lines.slice(4)).toEqual([
        '  P1->>P1: PlaceBet → revoked BetPlaced@0',
        '  P1-->>P2: event revoked@0',
        '  P2->>P3: DeductFromPlayerStack',
        '  P3-xP3: rejects DeductFromPlayerStack: player_folded',
        '  P3--)P1: rejection of DeductFromPlayerStack: player_folded',
        '  Note over P1: @Rejected DeductFromPlayerStack: revoke',
      ]);
    });

    it('marks revoked events in the text timeline and the aggregate history', async () => {
      const timeline = await cli(
        '--redis',
        redisUrl(),
        '--key-prefix',
        keyPrefix,
        'audit',
        '--correlation',
        correlationId,
      );
      expect(timeline.out.join('\n').split('\n')[0]).toMatch(
        /PlaceBet accepted → BetPlaced@0 {2}\[revoked: @0\]$/,
      );
      const history = await cli(
        '--redis',
        redisUrl(),
        '--key-prefix',
        keyPrefix,
        'audit',
        '--domain',
        'hand',
        '--root',
        hand,
        '--format',
        'json',
      );
      const entries = JSON.parse(history.out.join('\n')) as { kind: string; revoked?: number[] }[];
      expect(entries.map((e) => [e.kind, e.revoked])).toEqual([
        ['command.accepted', [0]],
        ['command.issued', [0]],
        ['notification.handled', undefined],
      ]);
    });

    it('revoke and compensate refuse sequences that are missing, markers or undone already', async () => {
      const base = [
        '--redis',
        redisUrl(),
        '--key-prefix',
        keyPrefix,
        '--brokers',
        kafkaBrokers().join(','),
      ];
      const cases: [string, string, RegExp][] = [
        ['revoke', '0', /@0 is revoked already \(player_folded\)/],
        ['compensate', '0', /@0 is revoked already/],
        ['revoke', '1', /@1 is an undo marker/],
        ['revoke', '7', /@7 does not exist \(the stream has 2 events\)/],
        ['revoke', '0,0', /names a sequence twice/],
      ];
      for (const [command, sequences, message] of cases) {
        const result = await cli(
          ...base,
          command,
          '--domain',
          'hand',
          '--root',
          hand,
          '--sequences',
          sequences,
          '--reason',
          'operator says so',
        );
        expect({ command, sequences, code: result.code }).toEqual({ command, sequences, code: 2 });
        expect(result.err.join('\n')).toMatch(message);
      }
      const noRoot = await cli(
        ...base,
        'revoke',
        '--domain',
        'hand',
        '--root',
        'nope',
        '--sequences',
        '0',
        '--reason',
        'r',
      );
      expect(noRoot.code).toBe(2);
      expect(noRoot.err.join('\n')).toMatch(/--root must be a UUID/);
    });

    it("revoke sends a valid request to the aggregate's notifications topic", async () => {
      const prefix = uniqueName('undo');
      const topic = `${prefix}.hand.notifications`;
      await kafkaControl().createTopic(topic, 1);
      const root = rootToString(newRoot());
      const store = new RedisEventStore(redis, { keyPrefix });
      const pages = buildPages(
        registry,
        [create(BetPlacedSchema, { amount: 10 })],
        0,
        'cause-2',
        new Date(),
      );
      await store.append({ stream: { domain: 'hand', root }, expectedSequence: 0, pages });
      const brokers = kafkaBrokers().join(',');
      const sent = await cli(
        '--redis',
        redisUrl(),
        '--key-prefix',
        keyPrefix,
        '--prefix',
        prefix,
        '--brokers',
        brokers,
        'revoke',
        '--domain',
        'hand',
        '--root',
        root,
        '--sequences',
        '0',
        '--reason',
        'misdealt',
        '--no-wait',
      );
      expect(sent.code).toBe(0);
      expect(sent.err.join('\n')).toMatch(/revocation of @0 sent to .*hand\.notifications/);
      const seen = await cli('--brokers', brokers, 'inspect', topic);
      const message = JSON.parse(seen.out[0]!) as {
        key: string;
        value: { payload: Record<string, unknown> };
      };
      expect(message.key).toBe(root);
      expect(message.value.payload).toEqual({
        '@type': 'type.googleapis.com/sagakit.v1.Revocation',
        sequences: ['0'],
        reason: 'misdealt',
      });
    });

    it('refuses unclear selections and unknown correlations with a clear message', async () => {
      const both = await cli(
        '--redis',
        redisUrl(),
        'audit',
        '--correlation',
        'x',
        '--domain',
        'hand',
        '--root',
        hand,
      );
      expect(both).toMatchObject({ code: 2, err: [expect.stringMatching(/either --correlation/)] });
      const none = await cli(
        '--redis',
        redisUrl(),
        '--key-prefix',
        keyPrefix,
        'audit',
        '--correlation',
        'nothing-here',
      );
      expect(none).toMatchObject({ code: 2, err: [expect.stringMatching(/no audit entries/)] });
      const noRedis = await cli('audit', '--correlation', 'x');
      expect(noRedis).toMatchObject({ code: 2, err: [expect.stringMatching(/REDIS_URL/)] });
    });
  });
});
