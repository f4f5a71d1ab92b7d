import { z } from 'zod';
import { defineEvent, type EventOf } from '../define-event.js';

/** The events a notification is sent about (mail and webhooks). */
export const notifiedEventTypes = ['UploadRejected', 'BuildFailed', 'PackageInstalled', 'PackageMigrated', 'PackageRemoved'] as const;
export const notifiedEventTypeSchema = z.enum(notifiedEventTypes);
export type NotifiedEventType = (typeof notifiedEventTypes)[number];

/** An http(s) URL without user name or password (a webhook's URL is shown and recorded: no secrets in it). */
export const webhookUrlSchema = z
  .url({ protocol: /^https?$/, error: 'a webhook URL is http:// or https://' })
  .max(2000)
  .refine((url) => {
    const parsed = new URL(url);
    return parsed.username === '' && parsed.password === '';
  }, 'a webhook URL must not carry a user name or password (the body is signed with MBD_WEBHOOK_SECRET instead)');

/** The admin added a webhook: the notified events (all, or only `events`) are POSTed to `url` as signed JSON. */
export const WebhookAdded = defineEvent(
  'WebhookAdded',
  1,
  z.object({
    url: webhookUrlSchema,
    events: z.array(notifiedEventTypeSchema).min(1).optional(),
  }),
);
export type WebhookAdded = EventOf<typeof WebhookAdded>;
