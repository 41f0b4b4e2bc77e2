import type { INestApplication, ModuleMetadata, Provider } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { pino } from 'pino';
import { POKER_FILES } from '@poker/contracts';
import { MemoryAuditLog } from '../adapters/memory/memory-audit-log';
import { MemoryEventStore } from '../adapters/memory/memory-event-store';
import { MemoryTransport } from '../adapters/memory/memory-transport';
import { SagaKitRuntime } from '../runtime/service/saga-kit-runtime';
import {
  HandFixture,
  HandTableSagaFixture,
  PlayerFixture,
  PlayerTableSagaFixture,
  TableFixture,
  TablePlayerSagaFixture,
} from '../testing/fixtures';
import { SagaKitGatewayModule } from './gateway/saga-kit-gateway.module';
import { HealthModule } from './health/health.module';
import { SagaKitMetricsModule } from './metrics/saga-kit-metrics.module';
import { SagaKitModule } from './module/saga-kit.module';
import type { SagaKitModuleOptions } from './module/saga-kit-module-options.interface';

/** The poker fixtures as Nest providers: three aggregates and three sagas. */
export const POKER_PROVIDERS: Provider[] = [
  HandFixture,
  TableFixture,
  PlayerFixture,
  HandTableSagaFixture,
  PlayerTableSagaFixture,
  TablePlayerSagaFixture,
];

/** A Nest application hosting saga-kit on memory adapters the test can inspect. */
export interface TestApp {
  readonly app: INestApplication;
  readonly runtime: SagaKitRuntime;
  readonly transport: MemoryTransport;
  readonly store: MemoryEventStore;
  readonly audit: MemoryAuditLog;
  /** Base URL when listening (`http://127.0.0.1:port`). */
  readonly url: string;
  /** Resolves when the outbox is empty and no message is pending or in flight. */
  waitForIdle(): Promise<void>;
  close(): Promise<void>;
}

/** Options of {@link createTestApp}. */
export interface TestAppOptions extends Partial<SagaKitModuleOptions> {
  providers?: Provider[];
  imports?: ModuleMetadata['imports'];
  /** Listen on a free port with the gateway, health and metrics modules (default true). */
  http?: boolean;
  /** Also run `app.init()` / `app.listen()` (default true). */
  start?: boolean;
}

/** Builds (and by default starts) an application with the poker fixtures on memory adapters. */
export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const {
    providers = POKER_PROVIDERS,
    imports = [],
    http = true,
    start = true,
    ...sagaKit
  } = options;
  const transport = new MemoryTransport();
  const store = new MemoryEventStore();
  const audit = new MemoryAuditLog();
  const moduleRef = await Test.createTestingModule({
    imports: [
      SagaKitModule.forRoot({
        service: 'test',
        transport,
        store,
        audit,
        registryFiles: POKER_FILES,
        logger: pino({ level: 'silent' }),
        sleep: () => Promise.resolve(),
        relay: { pollIntervalMs: 0 },
        metrics: { defaultMetrics: false },
        ...sagaKit,
      }),
      ...(http ? [SagaKitGatewayModule, SagaKitMetricsModule, HealthModule] : []),
      ...imports,
    ],
    providers,
  }).compile();
  const app = moduleRef.createNestApplication({ logger: false });
  let url = '';
  if (start) {
    if (http) {
      await app.listen(0, '127.0.0.1');
      url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    } else {
      await app.init();
    }
  }
  const runtime = app.get(SagaKitRuntime);
  return {
    app,
    runtime,
    transport,
    store,
    audit,
    url,
    async waitForIdle() {
      for (let round = 0; round < 1000; round++) {
        await runtime.relay.flush();
        await transport.whenIdle();
        if ((await store.pending(1)).length === 0) return;
      }
      throw new Error('the system did not settle');
    },
    async close() {
      await app.close();
      await transport.close();
    },
  };
}

/** A JSON HTTP call; returns the status, the parsed body (or text) and the headers. */
export async function call(
  url: string,
  init: {
    method?: string;
    body?: unknown;
    rawBody?: string;
    headers?: Record<string, string>;
  } = {},
): Promise<{ status: number; body: unknown; text: string; headers: Headers }> {
  const hasBody = init.body !== undefined || init.rawBody !== undefined;
  const response = await fetch(url, {
    method: init.method ?? (hasBody ? 'POST' : 'GET'),
    headers: { ...(hasBody ? { 'content-type': 'application/json' } : {}), ...init.headers },
    ...(hasBody ? { body: init.rawBody ?? JSON.stringify(init.body) } : {}),
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // Not JSON: keep the text.
  }
  return { status: response.status, body, text, headers: response.headers };
}

type Json = Record<string, unknown>;

/** A `POST /commands` of a test's setup: any answer but 200 fails the test with that answer. */
export async function accepted(url: string, body: Json): Promise<Json> {
  const res = await call(`${url}/commands`, { body });
  if (res.status !== 200) {
    throw new Error(`setup command ${String(body.type)} failed: ${res.status} ${res.text}`);
  }
  return res.body as Json;
}

/**
 * Opens `table` (6 seats), registers `player` (bankroll 1000) and has them reserve `amount` for
 * `seat`: the sagas then seat the player at the table once the consumers have run.
 */
export async function reserveSeat(
  url: string,
  ids: { table: string; player: string },
  reserve: { amount: number; seat: number },
): Promise<void> {
  await accepted(url, {
    domain: 'table',
    root: ids.table,
    type: 'OpenTable',
    command: { name: 'T', maxSeats: 6 },
  });
  await accepted(url, {
    domain: 'player',
    root: ids.player,
    type: 'RegisterPlayer',
    command: { name: 'Ada', bankroll: 1000 },
  });
  await accepted(url, {
    domain: 'player',
    root: ids.player,
    type: 'ReserveFunds',
    command: { tableId: ids.table, ...reserve },
  });
}
