import type { Logger } from 'pino';
import type { Outbox, OutboxMessage } from '../../ports/event-store.port';
import type { Transport } from '../../ports/transport.port';

/** Options of {@link OutboxRelay}. */
export interface OutboxRelayOptions {
  outbox: Outbox;
  transport: Transport;
  logger: Logger;
  /** Messages taken per round (default 100). */
  batchSize?: number;
  /** Polling interval when nothing nudges the relay (default 1000 ms); 0 turns polling off. */
  pollIntervalMs?: number;
}

/**
 * Publishes the transactional outbox. Order per round: publish, then ack. A crash between the
 * two republishes the messages on restart; that is safe because consumers deduplicate by
 * command and notification id (and events carry deterministic ids), while acking first could
 * lose messages. Nudged after each append; polls as a safety net for appends made elsewhere.
 */
export class OutboxRelay {
  private readonly batchSize: number;
  private readonly pollIntervalMs: number;
  private running: Promise<void> | undefined;
  private again = false;
  private timer: NodeJS.Timeout | undefined;
  private started = false;

  constructor(private readonly options: OutboxRelayOptions) {
    this.batchSize = options.batchSize ?? 100;
    this.pollIntervalMs = options.pollIntervalMs ?? 1000;
  }

  /** Starts polling and drains what is already queued. */
  start(): void {
    if (this.started) return;
    this.started = true;
    this.nudge();
    this.schedule();
  }

  /** Asks for a round soon; never throws, never waits. */
  nudge(): void {
    void this.flush().catch(() => undefined);
  }

  /**
   * Publishes until the outbox is empty (including messages queued meanwhile). Concurrent calls
   * share one round. Rejects with the transport's error; the messages stay queued for later.
   */
  flush(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.drain().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /** Stops polling and waits for the round in progress. */
  async stop(): Promise<void> {
    this.started = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.running?.catch(() => undefined);
  }

  private async drain(): Promise<void> {
    do {
      this.again = false;
      for (;;) {
        const batch = await this.options.outbox.pending(this.batchSize);
        if (batch.length === 0) break;
        await this.publish(batch);
        if (batch.length < this.batchSize) break;
      }
    } while (this.again);
  }

  private async publish(batch: OutboxMessage[]): Promise<void> {
    try {
      await this.options.transport.publish(
        batch.map(({ topic, key, value, headers }) => ({ topic, key, value, headers })),
      );
    } catch (error) {
      this.options.logger.warn(
        { messages: batch.length, err: error },
        'outbox publish failed; messages stay queued',
      );
      throw error;
    }
    await this.options.outbox.ack(batch.map((m) => m.id));
  }

  private schedule(): void {
    if (!this.started || this.pollIntervalMs <= 0) return;
    this.timer = setTimeout(() => {
      this.flush()
        .catch(() => undefined)
        .finally(() => this.schedule());
    }, this.pollIntervalMs);
    this.timer.unref();
  }
}
