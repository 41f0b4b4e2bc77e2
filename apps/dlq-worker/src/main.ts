import 'reflect-metadata';
import { runService } from '@saga-kit/core';
import { DlqWorkerModule } from './dlq-worker.module';

runService(DlqWorkerModule, { name: 'dlq-worker', defaultPort: 3004 }).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
