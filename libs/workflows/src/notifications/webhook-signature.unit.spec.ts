import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { verifyWebhookSignature, webhookSignature } from './webhook-signature.js';

const secret = 'a-webhook-secret-of-some-length';

describe('webhook signature', () => {
  it('is sha256=<hex HMAC-SHA256 of the body> keyed with the secret, as a receiver computes it', () => {
    const body = '{"type":"PackageInstalled","position":3}';
    expect(webhookSignature(body, secret)).toBe(`sha256=${createHmac('sha256', secret).update(body).digest('hex')}`);
  });

  it('verifies the body it signed, and refuses another body, another secret or no signature', () => {
    const body = '{"a":1}';
    const signature = webhookSignature(body, secret);
    expect(verifyWebhookSignature(body, signature, secret)).toBe(true);
    expect(verifyWebhookSignature('{"a":2}', signature, secret)).toBe(false);
    expect(verifyWebhookSignature(body, signature, `${secret}!`)).toBe(false);
    expect(verifyWebhookSignature(body, undefined, secret)).toBe(false);
    expect(verifyWebhookSignature(body, 'sha256=00', secret)).toBe(false);
  });
});
