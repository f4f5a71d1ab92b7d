import { createHmac, timingSafeEqual } from 'node:crypto';

/** The X-Mbd-Signature of a webhook body: `sha256=<hex HMAC-SHA256 of the body, keyed with MBD_WEBHOOK_SECRET>`. */
export const webhookSignature = (body: string, secret: string): string => `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;

/** True when `signature` is the body's signature with `secret` (constant-time): what a receiver checks. */
export const verifyWebhookSignature = (body: string, signature: string | undefined, secret: string): boolean => {
  if (signature === undefined) return false;
  const expected = Buffer.from(webhookSignature(body, secret));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
};
