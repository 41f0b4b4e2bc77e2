import { toTransportError } from './kafka-error.mapper';

/** A kafkajs client: producer, admin. */
export interface Connectable {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
}

/**
 * A client connected on first use and shared by later callers. A failed connection is
 * forgotten, so the next caller tries again instead of inheriting the old failure.
 */
export class LazyConnection<T extends Connectable> {
  private connecting: Promise<T> | undefined;

  constructor(
    private readonly name: string,
    private readonly create: () => T | Promise<T>,
  ) {}

  /** The connected client; rejects with a TransientError when the cluster cannot be reached. */
  get(): Promise<T> {
    if (!this.connecting) {
      const attempt = this.connect();
      this.connecting = attempt;
      attempt.catch(() => {
        if (this.connecting === attempt) this.connecting = undefined;
      });
    }
    return this.connecting;
  }

  /** Disconnects the client if it was ever connected; later `get` calls connect again. */
  async close(): Promise<void> {
    const connecting = this.connecting;
    this.connecting = undefined;
    const client = await connecting?.catch(() => undefined);
    await client?.disconnect();
  }

  private async connect(): Promise<T> {
    let client: T | undefined;
    try {
      client = await this.create();
      await client.connect();
      return client;
    } catch (error) {
      await client?.disconnect().catch(() => undefined);
      throw toTransportError(error, `connecting the ${this.name}`);
    }
  }
}
