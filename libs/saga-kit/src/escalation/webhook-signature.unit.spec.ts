import { createHmac } from 'node:crypto';
import { WebhookHeaders } from './webhook-headers';
import { signWebhook, verifyWebhookSignature } from './webhook-signature';

const at = new Date('2024-05-01T10:00:00.000Z');
const body = JSON.stringify({ delivery_id: 'd-1', rejection_reason: 'player_not_registered' });

function signed(secret = 'secret', when = at): Record<string, string> {
  return { ...signWebhook({ body, secret, at: when }), [WebhookHeaders.DeliveryId]: 'd-1' };
}

describe('webhook signatures', () => {
  it('signs "<timestamp>.<body>" with HMAC-SHA256, as receivers can recompute it', () => {
    const headers = signed();
    const timestamp = String(at.getTime() / 1000);
    const expected = createHmac('sha256', 'secret').update(`${timestamp}.${body}`).digest('hex');
    expect(headers).toMatchObject({
      [WebhookHeaders.Timestamp]: timestamp,
      [WebhookHeaders.Signature]: `v1=${expected}`,
    });
  });

  it('accepts the signed body, from plain or fetch headers, and names the delivery', () => {
    expect(verifyWebhookSignature({ body, headers: signed(), secret: 'secret', now: at })).toEqual({
      valid: true,
      timestamp: at,
      deliveryId: 'd-1',
    });
    const upper = Object.fromEntries(
      Object.entries(signed()).map(([k, v]) => [k.toUpperCase(), v]),
    );
    expect(verifyWebhookSignature({ body, headers: upper, secret: 'secret', now: at }).valid).toBe(
      true,
    );
    const fetchHeaders = new Headers(signed());
    expect(
      verifyWebhookSignature({
        body: Buffer.from(body),
        headers: fetchHeaders,
        secret: 'secret',
        now: at,
      }).valid,
    ).toBe(true);
  });

  it('refuses a tampered body, another secret, and missing or malformed headers', () => {
    const check = (overrides: Partial<Parameters<typeof verifyWebhookSignature>[0]>) =>
      verifyWebhookSignature({ body, headers: signed(), secret: 'secret', now: at, ...overrides });
    expect(check({ body: body.replace('not_', '') })).toEqual({
      valid: false,
      reason: 'signature_mismatch',
    });
    expect(check({ secret: 'other' })).toEqual({ valid: false, reason: 'signature_mismatch' });
    const without = (name: string) => {
      const headers = signed();
      delete headers[name];
      return check({ headers });
    };
    expect(without(WebhookHeaders.Signature)).toEqual({
      valid: false,
      reason: 'missing_signature',
    });
    expect(without(WebhookHeaders.Timestamp)).toEqual({
      valid: false,
      reason: 'missing_timestamp',
    });
    expect(check({ headers: { ...signed(), [WebhookHeaders.Timestamp]: '12.5' } })).toEqual({
      valid: false,
      reason: 'invalid_timestamp',
    });
    expect(check({ headers: { ...signed(), [WebhookHeaders.Signature]: 'v0=abc' } })).toEqual({
      valid: false,
      reason: 'signature_mismatch',
    });
  });

  it('refuses replays outside the tolerance window, either side of now', () => {
    const late = new Date(at.getTime() + 301_000);
    const early = new Date(at.getTime() - 301_000);
    for (const now of [late, early]) {
      expect(verifyWebhookSignature({ body, headers: signed(), secret: 'secret', now })).toEqual({
        valid: false,
        reason: 'timestamp_outside_tolerance',
      });
    }
    expect(
      verifyWebhookSignature({
        body,
        headers: signed(),
        secret: 'secret',
        now: late,
        toleranceSeconds: 600,
      }).valid,
    ).toBe(true);
  });

  it('accepts any of several secrets, and any of several signatures, while keys rotate', () => {
    const old = signed('old-secret');
    const fresh = signed('new-secret');
    const both = {
      ...fresh,
      [WebhookHeaders.Signature]: `${old[WebhookHeaders.Signature]}, ${fresh[WebhookHeaders.Signature]}`,
    };
    expect(
      verifyWebhookSignature({ body, headers: both, secret: 'new-secret', now: at }).valid,
    ).toBe(true);
    expect(
      verifyWebhookSignature({ body, headers: old, secret: ['new-secret', 'old-secret'], now: at })
        .valid,
    ).toBe(true);
  });
});
