import { partitionForKey } from './key-partitioner';

/** A message as the memory transport stores it. */
export interface StoredMessage {
  topic: string;
  partition: number;
  offset: number;
  key: string;
  value: Uint8Array;
  headers: Record<string, string>;
  publishedAt: Date;
  /** Position in the topic's publish order, across partitions. */
  order: number;
}

/** One topic's partitioned log; memory keeps every message. */
export class MemoryTopic {
  private readonly logs: StoredMessage[][];
  private published = 0;

  constructor(
    readonly name: string,
    readonly partitions: number,
  ) {
    this.logs = Array.from({ length: partitions }, () => []);
  }

  append(key: string, value: Uint8Array, headers: Record<string, string>, at: Date): StoredMessage {
    const partition = partitionForKey(key, this.partitions);
    const log = this.log(partition);
    const message: StoredMessage = {
      topic: this.name,
      partition,
      offset: log.length,
      key,
      value,
      headers,
      publishedAt: at,
      order: this.published++,
    };
    log.push(message);
    return message;
  }

  /** The offset the next message of `partition` will get. */
  end(partition: number): number {
    return this.log(partition).length;
  }

  at(partition: number, offset: number): StoredMessage | undefined {
    return this.log(partition)[offset];
  }

  /** Every message in publish order. */
  all(): StoredMessage[] {
    return this.logs.flat().sort((a, b) => a.order - b.order);
  }

  private log(partition: number): StoredMessage[] {
    const log = this.logs[partition];
    if (!log) throw new RangeError(`topic ${this.name} has no partition ${partition}`);
    return log;
  }
}
