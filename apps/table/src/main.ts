import 'reflect-metadata';
import { runService } from '@saga-kit/core';
import { TableModule } from './table.module';

runService(TableModule, { name: 'table', defaultPort: 3002 }).catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
