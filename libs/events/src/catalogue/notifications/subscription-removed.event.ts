import { z } from 'zod';
import { defineEvent, type EventOf } from '../define-event.js';
import { subscribedDistributionSchema, subscribedSourceSchema, subscriberSchema } from './subscription-added.event.js';

/** `user` unsubscribed from `source` in `distribution` (mini-buildd's `unsubscribe`). */
export const SubscriptionRemoved = defineEvent(
  'SubscriptionRemoved',
  1,
  z.object({
    user: subscriberSchema,
    source: subscribedSourceSchema,
    distribution: subscribedDistributionSchema,
  }),
);
export type SubscriptionRemoved = EventOf<typeof SubscriptionRemoved>;
