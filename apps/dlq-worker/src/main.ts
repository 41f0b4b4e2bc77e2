import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DLQ_WORKER_CONFIG, type DlqWorkerConfig } from './config/dlq-worker.config';
import { DlqWorkerModule } from './dlq-worker.module';

/** Boots the worker; `rawBody` keeps the bytes the escalation webhook signature is computed over. */
async function main(): Promise<void> {
  const app = await NestFactory.create(DlqWorkerModule, { rawBody: true });
  app.enableShutdownHooks();
  const { port } = app.get<DlqWorkerConfig>(DLQ_WORKER_CONFIG);
  await app.listen(port);
  new Logger('dlq-worker').log(`listening on port ${port}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
