import { z } from 'zod';
import { defineEvent, type EventOf } from '../define-event.js';
import { webhookUrlSchema } from './webhook-added.event.js';

/** The admin removed the webhook at `url`. */
export const WebhookRemoved = defineEvent('WebhookRemoved', 1, z.object({ url: webhookUrlSchema }));
export type WebhookRemoved = EventOf<typeof WebhookRemoved>;
