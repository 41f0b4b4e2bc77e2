import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  verifyWebhookSignature,
  type EscalationPayload,
  type WebhookEndpoint,
} from '@saga-kit/core';

/** An escalation the floor manager received. */
export interface FloorAlert {
  readonly deliveryId: string;
  readonly correlationId: string;
  /** Why business logic could not compensate. */
  readonly reason: string;
  /** The business reason of the rejected command. */
  readonly rejectionReason: string;
  /** `table/1a2b3c4d`: whose rejection handler escalated. */
  readonly source: string;
}

/** Largest escalation body accepted. */
const MAX_BODY_BYTES = 64 * 1024;

/**
 * The floor manager's pager: an HTTP receiver of the services' escalation webhooks on
 * 127.0.0.1. It checks each signature, keeps each delivery once, and answers 204.
 */
export class FloorManager {
  readonly alerts: FloorAlert[] = [];
  private readonly secret = randomBytes(32).toString('hex');
  private server: Server | undefined;
  private url = '';

  /** Starts listening on a free port. */
  async start(): Promise<void> {
    const server = createServer((req, res) => void this.receive(req, res));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', resolve);
    });
    this.server = server;
    this.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/escalations`;
  }

  /** The webhook the services deliver to. */
  get webhook(): WebhookEndpoint {
    if (!this.server) throw new Error('the floor manager is not listening');
    return { url: this.url, secret: this.secret, name: 'floor-manager' };
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async receive(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > MAX_BODY_BYTES) return end(res, 413);
      chunks.push(chunk as Buffer);
    }
    const body = Buffer.concat(chunks);
    const verified = verifyWebhookSignature({ body, headers: req.headers, secret: this.secret });
    if (!verified.valid) return end(res, 401);
    try {
      const payload = JSON.parse(body.toString('utf8')) as EscalationPayload;
      if (!this.alerts.some((a) => a.deliveryId === payload.delivery_id)) {
        this.alerts.push({
          deliveryId: payload.delivery_id,
          correlationId: payload.correlation_id,
          reason: payload.compensation_reason,
          rejectionReason: payload.rejection_reason,
          source: `${payload.source.domain}/${payload.source.root.slice(0, 8)}`,
        });
      }
      end(res, 204);
    } catch {
      end(res, 400);
    }
  }
}

function end(res: ServerResponse, status: number): void {
  res.statusCode = status;
  res.end();
}
