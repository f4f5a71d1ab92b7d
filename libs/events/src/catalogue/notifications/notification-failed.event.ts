import { z } from 'zod';
import { defineEvent, type EventOf } from '../define-event.js';
import { deliverySchema } from './notification-sent.event.js';

/** A notification could not be delivered after `attempts` tries (or was dropped from a full queue, or the daemon stopped before sending it); `error` says why. */
export const NotificationFailed = defineEvent('NotificationFailed', 1, deliverySchema.extend({ error: z.string().min(1) }));
export type NotificationFailed = EventOf<typeof NotificationFailed>;
