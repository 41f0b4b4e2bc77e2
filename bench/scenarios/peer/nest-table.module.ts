import { Controller, Inject, Module, type DynamicModule } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import type { Redis } from 'ioredis';

/** The request the hand sends: take these chips from the player's stack at the table. */
export interface DeductRequest {
  handId: string;
  tableId: string;
  playerId: string;
  amount: number;
  correlationId: string;
}

/** The table's answer. */
export interface DeductReply {
  accepted: boolean;
  reason?: string;
}

/** A seat as the peer table stores it in Redis. */
export interface PeerSeat {
  stack: number;
  folded: boolean;
}

const REDIS = Symbol('peer-table-redis');
const KEY_PREFIX = Symbol('peer-table-key-prefix');

/** Redis keys of the peer table. */
export const peerKeys = {
  seats: (prefix: string, table: string): string => `${prefix}:{table:${table}}:seats`,
  outcomes: (prefix: string, table: string): string => `${prefix}:{table:${table}}:outcomes`,
  hand: (prefix: string, hand: string): string => `${prefix}:{hand:${hand}}:events`,
};

/**
 * The table as a Nest Kafka microservice answering `send()` requests on `topic`: reads the seat
 * from Redis, refuses a folded player, records the outcome in Redis and replies. The pattern is
 * the run's topic, so the controller is declared per run.
 */
export function nestTableModule(topic: string, redis: Redis, keyPrefix: string): DynamicModule {
  @Controller()
  class PeerTableController {
    constructor(
      @Inject(REDIS) private readonly client: Redis,
      @Inject(KEY_PREFIX) private readonly prefix: string,
    ) {}

    @MessagePattern(topic)
    async deduct(@Payload() request: DeductRequest): Promise<DeductReply> {
      const raw = await this.client.hget(
        peerKeys.seats(this.prefix, request.tableId),
        request.playerId,
      );
      const seat = raw ? (JSON.parse(raw) as PeerSeat) : undefined;
      const reply: DeductReply = !seat
        ? { accepted: false, reason: 'player_not_seated' }
        : seat.folded
          ? { accepted: false, reason: 'player_folded' }
          : seat.stack < request.amount
            ? { accepted: false, reason: 'insufficient_stack' }
            : { accepted: true };
      await this.client.hset(
        peerKeys.outcomes(this.prefix, request.tableId),
        request.correlationId,
        JSON.stringify(reply),
      );
      return reply;
    }
  }

  @Module({})
  class PeerTableModule {}

  return {
    module: PeerTableModule,
    controllers: [PeerTableController],
    providers: [
      { provide: REDIS, useValue: redis },
      { provide: KEY_PREFIX, useValue: keyPrefix },
    ],
  };
}
