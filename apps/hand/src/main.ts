import 'reflect-metadata';
import { runService } from '@saga-kit/core';
import { HandModule } from './hand.module';

runService(HandModule, { name: 'hand', defaultPort: 3001 }).catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
