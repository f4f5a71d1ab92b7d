import { webhookSignature } from './webhook-signature.js';

/** A webhook that does not answer within this time fails the attempt. */
const WEBHOOK_TIMEOUT_MS = 10_000;

/**
 * POSTs `body` (JSON) to `url` with `X-Mbd-Signature: sha256=<HMAC of the body>`; a non-2xx answer, a
 * redirect or no answer in time is a failure. The secret goes into the signature only.
 */
export async function postWebhook(url: string, body: string, secret: string, eventType: string): Promise<void> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-mbd-event': eventType, 'x-mbd-signature': webhookSignature(body, secret), 'user-agent': 'mbd-webhook' },
    body,
    redirect: 'manual',
    signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
  });
  await response.body?.cancel().catch(() => undefined);
  if (response.status < 200 || response.status > 299) throw new Error(`the webhook answered ${response.status} ${response.statusText}`.trim());
}
