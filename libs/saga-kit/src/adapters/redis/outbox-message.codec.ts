import type { OutboxMessage } from '../../ports/event-store.port';

const FORMAT_VERSION = 1;

/**
 * Encodes an outbox message as length-prefixed fields: version byte, then id, topic, key,
 * value, header count and header name/value pairs, each length a big-endian uint32. Binary
 * safe and a third smaller than JSON with a base64 value.
 */
export function encodeOutboxMessage(message: OutboxMessage): Buffer {
  const headers = Object.entries(message.headers);
  const parts: Buffer[] = [Buffer.from([FORMAT_VERSION])];
  const field = (bytes: Buffer | Uint8Array): void => {
    parts.push(uint32(bytes.byteLength), Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length));
  };
  field(Buffer.from(message.id, 'utf8'));
  field(Buffer.from(message.topic, 'utf8'));
  field(Buffer.from(message.key, 'utf8'));
  field(message.value);
  parts.push(uint32(headers.length));
  for (const [name, value] of headers) {
    field(Buffer.from(name, 'utf8'));
    field(Buffer.from(value, 'utf8'));
  }
  return Buffer.concat(parts);
}

/** Decodes what `encodeOutboxMessage` wrote; throws on bytes it did not write. */
export function decodeOutboxMessage(bytes: Buffer): OutboxMessage {
  const reader = new Reader(bytes);
  const version = reader.byte();
  if (version !== FORMAT_VERSION) {
    throw new Error(`unsupported outbox record version ${version}`);
  }
  const id = reader.text();
  const topic = reader.text();
  const key = reader.text();
  const value = new Uint8Array(reader.bytes());
  const headers: Record<string, string> = {};
  for (let n = reader.uint32(); n > 0; n--) {
    const name = reader.text();
    headers[name] = reader.text();
  }
  reader.end();
  return { id, topic, key, value, headers };
}

function uint32(value: number): Buffer {
  const b = Buffer.allocUnsafe(4);
  b.writeUInt32BE(value, 0);
  return b;
}

class Reader {
  private offset = 0;

  constructor(private readonly buffer: Buffer) {}

  byte(): number {
    this.need(1);
    return this.buffer.readUInt8(this.offset++);
  }

  uint32(): number {
    this.need(4);
    const value = this.buffer.readUInt32BE(this.offset);
    this.offset += 4;
    return value;
  }

  bytes(): Buffer {
    const length = this.uint32();
    this.need(length);
    const slice = this.buffer.subarray(this.offset, this.offset + length);
    this.offset += length;
    return slice;
  }

  text(): string {
    return this.bytes().toString('utf8');
  }

  end(): void {
    if (this.offset !== this.buffer.length) throw this.corrupt();
  }

  private need(count: number): void {
    if (this.offset + count > this.buffer.length) throw this.corrupt();
  }

  private corrupt(): Error {
    return new Error(`corrupt outbox record (${this.buffer.length} bytes)`);
  }
}
