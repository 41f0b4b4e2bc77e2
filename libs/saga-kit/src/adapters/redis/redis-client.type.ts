import type { Cluster, Redis } from 'ioredis';

/** A standalone ioredis client or a cluster client: every adapter here works with both. */
export type RedisClient = Redis | Cluster;
