import { z } from 'zod';
import { defineEvent, type EventOf } from '../define-event.js';
import { notifiedEventTypeSchema } from './webhook-added.event.js';

/**
 * A daemon took on telling people about the event at `position` (the first event of its
 * `notifications-<position>` stream, appended expecting no stream: of several daemons sharing a
 * store, only the one whose claim was stored delivers).
 */
export const NotificationsClaimed = defineEvent(
  'NotificationsClaimed',
  1,
  z.object({
    position: z.number().int().positive(),
    eventType: notifiedEventTypeSchema,
    /** The daemon that claimed them: host name and process id. */
    claimedBy: z.string().min(1),
    mails: z.number().int().nonnegative(),
    webhooks: z.number().int().nonnegative(),
  }),
);
export type NotificationsClaimed = EventOf<typeof NotificationsClaimed>;
