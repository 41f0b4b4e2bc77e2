import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { Logger } from 'pino';
import { createHttpLogger } from '../logging/http-logger';
import { PinoNestLogger } from '../logging/pino-nest-logger';
import { createServiceLogger } from '../logging/service-logger';
import { SagaKitHost } from '../module/saga-kit-host';
import { SagaKitServer } from '../transport/saga-kit.server';

/** A service's root module: a module class or a dynamic module. */
export type ServiceModule = Parameters<typeof NestFactory.create>[0];

/** Options of {@link createService}. */
export interface CreateServiceOptions {
  /** Service name, used in logs. */
  name: string;
  /** Structured logger for Nest and HTTP requests (default: pino JSON named after the service). */
  logger?: Logger;
  /** Stop on SIGTERM/SIGINT, finishing in-flight messages (default true). */
  shutdownHooks?: boolean;
}

/** Options of {@link runService}. */
export interface RunServiceOptions extends CreateServiceOptions {
  /** HTTP port when `PORT` is not set. */
  defaultPort: number;
}

/**
 * Creates and initialises a service's application: pino for Nest's logs and per-request logs,
 * shutdown hooks, and the consumers started as configured in `SagaKitModule` (on bootstrap, or
 * through `SagaKitServer` as a connected microservice). The HTTP server is not listening yet.
 */
export async function createService(
  module: ServiceModule,
  options: CreateServiceOptions,
): Promise<INestApplication> {
  const logger = options.logger ?? createServiceLogger(options.name);
  const app = await NestFactory.create(module, { logger: new PinoNestLogger(logger) });
  app.use(createHttpLogger(logger));
  // Do not advertise the HTTP framework (Express' `x-powered-by`).
  (app.getHttpAdapter().getInstance() as { disable?: (setting: string) => void }).disable?.(
    'x-powered-by',
  );
  if (options.shutdownHooks !== false) app.enableShutdownHooks();
  // Discovery runs on init: the consumers may only start after it.
  await app.init();
  const host = sagaKitHostOf(app);
  if (host?.consumers === 'microservice') {
    app.connectMicroservice({ strategy: app.get(SagaKitServer) }, { inheritAppConfig: true });
    await app.startAllMicroservices();
  }
  return app;
}

/** Boots a service on `PORT` (else `defaultPort`) with graceful shutdown on SIGTERM/SIGINT. */
export async function runService(
  module: ServiceModule,
  options: RunServiceOptions,
): Promise<INestApplication> {
  const logger = options.logger ?? createServiceLogger(options.name);
  const app = await createService(module, { ...options, logger });
  const port = portFrom(process.env.PORT, options.defaultPort);
  await app.listen(port);
  logger.info({ port }, 'service listening');
  return app;
}

/**
 * The HTTP port in `PORT` (`raw`): `fallback` when unset or blank, else an integer from 0 to 65535
 * (0: any free port); anything else is a TypeError naming the variable.
 */
export function portFrom(raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw.trim() === '') return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new TypeError(`PORT must be an integer from 0 to 65535, got ${JSON.stringify(raw)}`);
  }
  return port;
}

function sagaKitHostOf(app: INestApplication): SagaKitHost | undefined {
  try {
    return app.get(SagaKitHost, { strict: false });
  } catch {
    // A service without SagaKitModule (e.g. a health-only worker).
    return undefined;
  }
}
