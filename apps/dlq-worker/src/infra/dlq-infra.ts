import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { POKER_FILES } from '@poker/contracts';
import {
  AuditRecorder,
  closeRedis,
  DeadLetterReplayer,
  EventStoreParkingLot,
  KafkaTransport,
  RedisAuditLog,
  RedisDeadLetterStore,
  RedisEventStore,
  Topics,
  TypeRegistry,
  systemClock,
  type Clock,
} from '@saga-kit/core';
import { Redis } from 'ioredis';
import { pino, type Logger } from 'pino';
import { DLQ_WORKER_CONFIG, type DlqWorkerConfig } from '../config/dlq-worker.config';

/** Redis, Kafka and the saga-kit pieces the worker is built from; closed on shutdown. */
@Injectable()
export class DlqInfra implements OnApplicationShutdown {
  readonly logger: Logger;
  readonly clock: Clock = systemClock;
  readonly redis: Redis;
  readonly transport: KafkaTransport;
  readonly topics: Topics;
  /** Framework and poker types: payloads decode to JSON through it. */
  readonly registry = new TypeRegistry(...POKER_FILES);
  readonly store: RedisDeadLetterStore;
  readonly auditLog: RedisAuditLog;
  readonly replayer: DeadLetterReplayer;

  constructor(@Inject(DLQ_WORKER_CONFIG) readonly config: DlqWorkerConfig) {
    this.logger = pino({ name: 'dlq-worker', level: config.logLevel });
    this.redis = new Redis(config.redisUrl, { maxRetriesPerRequest: 3, lazyConnect: false });
    this.redis.on('error', (err: Error) => this.logger.warn({ err: err.message }, 'redis error'));
    this.topics = new Topics(config.topicPrefix);
    this.transport = new KafkaTransport({
      clientId: config.kafka.clientId,
      brokers: config.kafka.brokers,
      consumer: { maxWaitTimeInMs: config.kafka.maxWaitTimeInMs, ...config.kafka.group },
      topicRefreshIntervalMs: config.kafka.topicRefreshIntervalMs,
      logger: this.logger,
    });
    this.store = new RedisDeadLetterStore(this.redis, config.store);
    this.auditLog = new RedisAuditLog(this.redis, { keyPrefix: config.auditKeyPrefix });
    this.replayer = new DeadLetterReplayer({
      store: this.store,
      transport: this.transport,
      topics: this.topics,
      clock: this.clock,
      audit: new AuditRecorder(this.auditLog, this.clock, this.logger),
      logger: this.logger,
      // The services' parking queues, in their event store (same Redis, same key prefix).
      parking: new EventStoreParkingLot(
        new RedisEventStore(this.redis, { keyPrefix: config.eventStoreKeyPrefix }),
        this.clock,
      ),
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.transport.close();
    await closeRedis(this.redis);
  }
}
