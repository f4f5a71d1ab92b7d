import { z } from 'zod';
import { defineEvent, type EventOf } from '../define-event.js';
import { notifiedEventTypeSchema } from './webhook-added.event.js';

/** How a notification goes out. */
export const notificationChannelSchema = z.enum(['mail', 'webhook']);

/** What NotificationSent and NotificationFailed have in common: which event, by which channel, to whom. */
export const deliverySchema = z.object({
  channel: notificationChannelSchema,
  /** The e-mail address or the webhook URL (which never holds a secret). */
  target: z.string().min(1),
  /** The log position of the event the notification is about. */
  position: z.number().int().positive(),
  eventType: notifiedEventTypeSchema,
  /** Tries made; 0 for a notification the daemon stopped before trying (NotificationFailed). */
  attempts: z.number().int().nonnegative(),
});

/** A notification about the event at `position` was accepted by the mail server or the webhook (2xx). */
export const NotificationSent = defineEvent('NotificationSent', 1, deliverySchema);
export type NotificationSent = EventOf<typeof NotificationSent>;
