import { type INestApplication, Logger, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';

/** Options of {@link runService}. */
export interface RunServiceOptions {
  /** Service name, used in logs. */
  name: string;
  /** HTTP port when `PORT` is not set. */
  defaultPort: number;
}

/** Boots a service's root module as an HTTP app on `PORT` with graceful shutdown on SIGTERM/SIGINT. */
export async function runService(
  module: Type<unknown>,
  options: RunServiceOptions,
): Promise<INestApplication> {
  const app = await NestFactory.create(module);
  app.enableShutdownHooks();
  const port = Number(process.env.PORT ?? options.defaultPort);
  await app.listen(port);
  new Logger(options.name).log(`listening on port ${port}`);
  return app;
}
