import 'reflect-metadata';
import { runService } from '@saga-kit/core';
import { PlayerModule } from './player.module';

runService(PlayerModule, { name: 'player', defaultPort: 3003 }).catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
