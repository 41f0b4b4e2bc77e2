import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyWebhookSignature, type EscalationPayload } from '@saga-kit/core';

/** An escalation delivery as received: its verified payload and the raw headers. */
export interface ReceivedEscalation {
  readonly payload: EscalationPayload;
  readonly headers: IncomingMessage['headers'];
}

/**
 * A local HTTP receiver of the services' escalation webhooks (the floor manager's pager in
 * tests): it answers 204 to a delivery signed with its secret, 401 to anything else, and keeps
 * each delivery id once.
 */
export class EscalationReceiver {
  readonly received: ReceivedEscalation[] = [];
  /** Deliveries refused for a bad signature. */
  rejected = 0;
  readonly secret = randomBytes(32).toString('hex');
  private server: Server | undefined;
  private address = '';

  async start(): Promise<void> {
    const server = createServer((req, res) => void this.receive(req, res));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', resolve);
    });
    this.server = server;
    this.address = `http://127.0.0.1:${(server.address() as AddressInfo).port}/escalations`;
  }

  get url(): string {
    if (!this.server) throw new Error('the escalation receiver is not listening');
    return this.address;
  }

  /** Deliveries about one correlation id. */
  about(correlationId: string): ReceivedEscalation[] {
    return this.received.filter((r) => r.payload.correlation_id === correlationId);
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    server?.closeAllConnections();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async receive(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    if (!verifyWebhookSignature({ body, headers: req.headers, secret: this.secret }).valid) {
      this.rejected += 1;
      res.statusCode = 401;
      res.end();
      return;
    }
    const payload = JSON.parse(body.toString('utf8')) as EscalationPayload;
    if (!this.received.some((r) => r.payload.delivery_id === payload.delivery_id)) {
      this.received.push({ payload, headers: req.headers });
    }
    res.statusCode = 204;
    res.end();
  }
}
