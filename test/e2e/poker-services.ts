import type { INestApplication } from '@nestjs/common';
import { CHANNELS, createService, type ServiceModule } from '@saga-kit/core';
import { pino } from 'pino';
import { HandModule } from '../../apps/hand/src/hand.module';
import { PlayerModule } from '../../apps/player/src/player.module';
import { TableModule } from '../../apps/table/src/table.module';
import { kafkaBrokers, kafkaControl, redisUrl } from '../infra';

/** The poker domains and the service hosting each. */
export type PokerDomain = 'hand' | 'table' | 'player';
const MODULES: Readonly<Record<PokerDomain, ServiceModule>> = {
  hand: HandModule,
  table: TableModule,
  player: PlayerModule,
};
export const DOMAINS = Object.keys(MODULES) as PokerDomain[];

/** Options of {@link startPokerServices}. */
export interface PokerServicesOptions {
  /** Topic prefix and Redis key prefix of this system (`SAGAKIT_PREFIX`). */
  readonly prefix: string;
  /** Where the services deliver escalations, and the secret they sign them with. */
  readonly escalation: { readonly url: string; readonly secret: string };
}

/** The three services, running. */
export interface PokerServices {
  readonly urls: Readonly<Record<PokerDomain, string>>;
  close(): Promise<void>;
}

/**
 * Boots the hand, table and player services as their mains do (their root modules, configured
 * from the environment: Kafka from `KAFKA_BROKERS`, Redis from `REDIS_URL`), in parallel, each
 * on a free port. The environment is set for the boot and restored on close.
 */
export async function startPokerServices(options: PokerServicesOptions): Promise<PokerServices> {
  const saved = { ...process.env };
  Object.assign(process.env, {
    KAFKA_BROKERS: kafkaBrokers().join(','),
    REDIS_URL: redisUrl(),
    SAGAKIT_PREFIX: options.prefix,
    KAFKA_MAX_WAIT_MS: '20',
    ESCALATION_WEBHOOK_URL: options.escalation.url,
    ESCALATION_WEBHOOK_SECRET: options.escalation.secret,
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent',
  });
  // The services' topics exist before they subscribe (the test broker cannot create them on request).
  const control = kafkaControl();
  for (const domain of DOMAINS) {
    for (const channel of CHANNELS)
      await control.createTopic(`${options.prefix}.${domain}.${channel}`, 2);
  }
  const logger = pino({ level: process.env.LOG_LEVEL });
  const apps = new Map<PokerDomain, INestApplication>();
  const booted = await Promise.allSettled(
    DOMAINS.map(async (domain) => {
      const app = await createService(MODULES[domain], {
        name: domain,
        logger: logger.child({ service: domain }),
        shutdownHooks: false,
      });
      apps.set(domain, app);
      await app.listen(0, '127.0.0.1');
      return [domain, (await app.getUrl()).replace('[::1]', '127.0.0.1')] as const;
    }),
  );
  const close = async (): Promise<void> => {
    await Promise.allSettled([...apps.values()].map((app) => app.close()));
    process.env = saved;
  };
  const failed = booted.find((b): b is PromiseRejectedResult => b.status === 'rejected');
  if (failed) {
    await close();
    throw failed.reason;
  }
  const urls = Object.fromEntries(
    booted.flatMap((b) => (b.status === 'fulfilled' ? [b.value] : [])),
  ) as Record<PokerDomain, string>;
  return { urls, close };
}
