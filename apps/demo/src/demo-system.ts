import type { Message } from '@bufbuild/protobuf';
import type { INestApplication } from '@nestjs/common';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { POKER_SERVICES, promptRetryAfterRejection, type PokerService } from '@poker/domain';
import {
  buildCommandBook,
  createService,
  MemoryAuditLog,
  MemoryEventStore,
  MemoryTransport,
  SagaKitHost,
  SagaKitRuntime,
  type AuditEntry,
  type CommandOutcome,
} from '@saga-kit/core';
import type { Logger } from 'pino';
import { DemoClock } from './demo-clock';
import { FloorManager, type FloorAlert } from './floor-manager';
import { PokerServiceModule } from './poker-service.module';

/** HTTP ports of the services when the demo serves them (as in their own deployments). */
export const DEMO_PORTS: Readonly<Record<PokerService['domain'], number>> = {
  hand: 3001,
  table: 3002,
  player: 3003,
};

/** What a scenario can do with the running services. */
export interface DemoRoom {
  /**
   * Sends a command to the service hosting `domain`, as its gateway would (the hand's gateway
   * prompts a player again after an illegal action).
   */
  send(
    domain: string,
    root: string,
    command: Message,
    correlationId?: string,
  ): Promise<CommandOutcome>;
  /** Resolves once every consequence of what was sent has been handled. */
  settle(): Promise<void>;
  /**
   * Moves the services' clock forward by `ms`, fires the timers due by then (the players' shot
   * clocks) and settles what follows.
   */
  advanceClock(ms: number): Promise<void>;
  /** Short type names of an aggregate's stored events, oldest first. */
  history(domain: string, root: string): Promise<string[]>;
  /** An aggregate's stored events, decoded. */
  events(domain: string, root: string): Promise<Message[]>;
  /** An aggregate's current state. */
  state<S>(domain: string, root: string): Promise<S>;
  /** Every audit entry of a correlation id, across the services. */
  timeline(correlationId: string): Promise<AuditEntry[]>;
  /** The escalations the floor manager received for a correlation id. */
  alerts(correlationId: string): FloorAlert[];
  /** Resolves once `condition` holds (checked every few ms), or rejects after `timeoutMs`. */
  waitUntil(
    condition: () => boolean | Promise<boolean>,
    what: string,
    timeoutMs?: number,
  ): Promise<void>;
}

/** Options of {@link startDemoSystem}. */
export interface DemoSystemOptions {
  /** The structured logger of each service. */
  logger: (service: string) => Logger;
  /** Listen on {@link DEMO_PORTS} (or `ports`) with each service's HTTP gateway. */
  serve?: boolean;
  /** Ports per service instead of {@link DEMO_PORTS}; 0 picks a free one (see `urls`). */
  ports?: Partial<Record<PokerService['domain'], number>>;
}

/** The three services in one process: one memory transport, one store, one audit log. */
export interface DemoSystem extends DemoRoom {
  readonly apps: ReadonlyMap<string, INestApplication>;
  /** The URLs of the services, when serving. */
  readonly urls: ReadonlyMap<string, string>;
  close(): Promise<void>;
}

/** An idle wait that keeps finding work this many times is a runaway flow, not a slow one. */
const MAX_SETTLE_ROUNDS = 1000;

/** How often the services look for escalations to deliver. */
const ESCALATION_POLL_MS = 10;

/** How often the services look for timers due. */
const TIMER_POLL_MS = 20;

/** Boots the player, table and hand services on shared memory adapters. */
export async function startDemoSystem(options: DemoSystemOptions): Promise<DemoSystem> {
  const transport = new MemoryTransport();
  const store = new MemoryEventStore();
  const audit = new MemoryAuditLog();
  const apps = new Map<string, INestApplication>();
  const urls = new Map<string, string>();
  const runtimes = new Map<string, SagaKitRuntime>();
  const floor = new FloorManager();
  const clock = new DemoClock();
  try {
    await floor.start();
    for (const service of POKER_SERVICES) {
      const logger = options.logger(service.domain);
      const module = PokerServiceModule.for(service, {
        transport,
        store,
        audit,
        logger,
        escalationWebhooks: [floor.webhook],
        escalation: { pollIntervalMs: ESCALATION_POLL_MS },
        timers: { pollIntervalMs: TIMER_POLL_MS },
        clock,
      });
      const app = await createService(module, {
        name: service.domain,
        logger,
        shutdownHooks: false,
      });
      apps.set(service.domain, app);
      runtimes.set(service.domain, app.get(SagaKitRuntime));
      if (options.serve) {
        const port = options.ports?.[service.domain] ?? DEMO_PORTS[service.domain];
        await app.listen(port);
        // The port listened on: `ports` may ask for 0 (any free port).
        const { port: bound } = (app.getHttpServer() as Server).address() as AddressInfo;
        urls.set(service.domain, `http://localhost:${bound}`);
      }
    }
  } catch (error) {
    await Promise.allSettled([...apps.values()].map((app) => app.close()));
    await Promise.allSettled([transport.close(), floor.stop()]);
    throw error;
  }

  const runtimeOf = (domain: string): SagaKitRuntime => {
    const runtime = runtimes.get(domain);
    if (!runtime) throw new TypeError(`no demo service hosts domain ${domain}`);
    return runtime;
  };
  const registry = apps.get('hand')!.get(SagaKitHost).adapters.registry;
  const settle = async (): Promise<void> => {
    for (let round = 0; round < MAX_SETTLE_ROUNDS; round++) {
      await Promise.all([...runtimes.values()].map((r) => r.relay.flush()));
      await transport.whenIdle();
      if ((await store.pending(1)).length === 0) return;
    }
    throw new Error(`the services did not settle after ${MAX_SETTLE_ROUNDS} rounds`);
  };
  const events = async (domain: string, root: string): Promise<Message[]> => {
    const loaded = await store.load({ domain, root });
    return loaded.pages.flatMap((p) => (p.event ? [registry.unpack(p.event)] : []));
  };

  return {
    apps,
    urls,
    async send(domain, root, command, correlationId) {
      const book = buildCommandBook(registry, {
        domain,
        root,
        command,
        ...(correlationId ? { correlationId } : {}),
      });
      const runtime = runtimeOf(domain);
      const outcome = await runtime.send(book);
      if (domain === 'hand' && outcome.result.case === 'rejected') {
        await promptRetryAfterRejection(runtime, registry, {
          root,
          command,
          commandId: book.commandId,
          correlationId: book.cover?.correlationId ?? book.commandId,
          reason: outcome.result.value.reason,
        });
      }
      return outcome;
    },
    settle,
    async advanceClock(ms) {
      // The services' own pollers pause (each after its round in flight) while the demo fires
      // the timers itself: then every timer due has fired, and its effects settled, on return.
      const timers = [...runtimes.values()].map((r) => r.timers);
      await Promise.all(timers.map((t) => t.stop()));
      try {
        clock.advance(ms);
        await settle();
        // Each round fires what is due, then settles what that set off (maybe new timers).
        for (let round = 0; round < MAX_SETTLE_ROUNDS; round++) {
          const fired = await Promise.all(timers.map((t) => t.runOnce()));
          await settle();
          if (fired.every((n) => n === 0)) return;
        }
        throw new Error(`timers kept firing after ${MAX_SETTLE_ROUNDS} rounds`);
      } finally {
        for (const t of timers) t.start();
      }
    },
    events,
    async history(domain, root) {
      return (await events(domain, root)).map((e) => e.$typeName.replace(/^.*\./, ''));
    },
    async state<S>(domain: string, root: string) {
      return (await runtimeOf(domain).load(domain, root)).state as S;
    },
    timeline: (correlationId) => audit.timeline(correlationId),
    alerts: (correlationId) => floor.alerts.filter((a) => a.correlationId === correlationId),
    async waitUntil(condition, what, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      while (!(await condition())) {
        if (Date.now() > deadline)
          throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    },
    async close() {
      await Promise.allSettled([...apps.values()].map((app) => app.close()));
      await Promise.allSettled([transport.close(), floor.stop()]);
    },
  };
}
