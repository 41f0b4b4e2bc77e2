import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Cluster, Redis } from 'ioredis';
import pino from 'pino';
import { uniqueName, waitFor } from '../../../../../test/infra';
import { freePort } from '../../../../../test/infra/free-port';
import { OwnedProcess } from '../../../../../test/infra/owned-process';
import { auditLogConformance, eventStoreConformance } from '../../testing/conformance';
import type { StreamId } from '../../ports/event-store.port';
import { RedisAuditLog } from './redis-audit-log.adapter';
import { RedisEventStore } from './redis-event-store.adapter';
import {
  auditAggregateKeys,
  auditCorrelationKeys,
  outboxDirtyKey,
  streamKeys,
} from './redis-key-space';

const silent = pino({ level: 'silent' });
const NODES = 3;

/** A three-primary Redis Cluster of private redis-servers, torn down after the suite. */
class LocalCluster {
  readonly ports: number[] = [];
  private readonly servers: OwnedProcess[] = [];
  private readonly dir = mkdtempSync(join(tmpdir(), 'saga-kit-cluster-'));

  async start(): Promise<void> {
    for (let i = 0; i < NODES; i++) {
      const [port, busPort] = [await freePort(), await freePort()];
      this.ports.push(port);
      this.servers.push(
        OwnedProcess.spawn(`redis-cluster-${port}`, 'redis-server', [
          ...['--port', String(port), '--cluster-port', String(busPort), '--bind', '127.0.0.1'],
          ...['--cluster-enabled', 'yes', '--cluster-config-file', `nodes-${port}.conf`],
          ...['--dir', this.dir, '--save', '', '--appendonly', 'no', '--loglevel', 'warning'],
        ]),
      );
    }
    const probes = this.ports.map((port) => new Redis(port, '127.0.0.1', { lazyConnect: true }));
    try {
      await waitFor(async () => (await Promise.all(probes.map((p) => p.ping()))).length, {
        message: 'cluster nodes answering PING',
      });
      await promisify(execFile)(
        'redis-cli',
        [
          '--cluster',
          'create',
          ...this.ports.map((p) => `127.0.0.1:${p}`),
          '--cluster-replicas',
          '0',
          '--cluster-yes',
        ],
        { timeout: 30_000 },
      );
      await waitFor(
        async () => {
          const infos = await Promise.all(probes.map((p) => p.cluster('INFO')));
          return infos.every((info) => info.includes('cluster_state:ok'));
        },
        { timeoutMs: 30_000, message: 'cluster_state:ok on every node' },
      );
    } finally {
      probes.forEach((p) => p.disconnect());
    }
  }

  client(): Cluster {
    return new Cluster([{ host: '127.0.0.1', port: this.ports[0]! }], {
      redisOptions: { maxRetriesPerRequest: 3 },
    });
  }

  async stop(): Promise<void> {
    await Promise.all(this.servers.map((s) => s.stop()));
    rmSync(this.dir, { recursive: true, force: true });
  }
}

const local = new LocalCluster();
let cluster: Cluster;

beforeAll(async () => {
  await local.start();
  cluster = local.client();
  await new Promise<void>((resolve, reject) => {
    cluster.once('ready', resolve);
    cluster.once('error', reject);
  });
}, 90_000);

afterAll(async () => {
  await cluster?.quit();
  await local.stop();
});

eventStoreConformance('RedisEventStore on Redis Cluster', {
  create: () =>
    Promise.resolve(
      new RedisEventStore(cluster, { keyPrefix: uniqueName('cluster'), logger: silent }),
    ),
});

auditLogConformance('RedisAuditLog on Redis Cluster', {
  create: () => Promise.resolve(new RedisAuditLog(cluster, { keyPrefix: uniqueName('cluster') })),
});

describe('Redis adapters on Redis Cluster', () => {
  const odd: StreamId = { domain: 'hand', root: '}{:\u0000\u00ff😀' };

  it('puts every key one script touches in one slot', async () => {
    const prefix = 'sagakit';
    const groups = [
      streamKeys(prefix, odd),
      streamKeys(prefix, { domain: 'table', root: 'a}b' }),
      auditCorrelationKeys(prefix, 'c}{x'),
      auditAggregateKeys(prefix, odd.domain, odd.root),
    ].map((keys) => Object.values(keys as unknown as Record<string, string>));
    for (const keys of groups) {
      const slots = await Promise.all(keys.map((key) => cluster.cluster('KEYSLOT', key)));
      expect(new Set(slots).size).toBe(1);
    }
  });

  it('relays outbox messages of streams on every primary, and sweeps every primary', async () => {
    const prefix = uniqueName('cluster-outbox');
    const store = new RedisEventStore(cluster, {
      keyPrefix: prefix,
      logger: silent,
      outboxSweepIntervalMs: 0,
    });
    const streams = Array.from({ length: 12 }, (_, i) => ({ domain: 'hand', root: `root-${i}` }));
    const slots = await Promise.all(
      streams.map((s) => cluster.cluster('KEYSLOT', streamKeys(prefix, s).events)),
    );
    const owners = new Set(slots.map((slot) => ownerOf(cluster, slot)));
    expect(owners.size).toBeGreaterThan(1);
    const ids = streams.map((_, i) => `m-${i}`);
    for (const [i, stream] of streams.entries()) {
      await store.append({
        stream,
        expectedSequence: 0,
        pages: [],
        outbox: [
          { id: ids[i]!, topic: 't', key: stream.root, value: new Uint8Array([i]), headers: {} },
        ],
      });
    }
    expect((await store.pending(100)).map((m) => m.id)).toEqual(ids);

    // Lose every marker: only the sweep, which scans each primary, can find the queues again.
    await cluster.del(outboxDirtyKey(prefix));
    expect(await store.pending(100)).toEqual([]);
    expect(await store.sweepOutbox()).toBe(streams.length);
    const found = await store.pending(100);
    expect(found.map((m) => m.id)).toEqual(ids);
    await new RedisEventStore(cluster, { keyPrefix: prefix, logger: silent }).ack(ids);
    expect(await store.pending(100)).toEqual([]);
    expect(await cluster.exists(outboxDirtyKey(prefix))).toBe(0);
  });
});

/** The `host:port` serving a slot, from ioredis' slot map. */
function ownerOf(client: Cluster, slot: unknown): string {
  const owner = client.slots[Number(slot)]?.[0];
  if (owner === undefined) throw new Error(`no node serves slot ${String(slot)}`);
  return owner;
}
