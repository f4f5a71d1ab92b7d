import { z } from 'zod';
import { defineEvent, type EventOf } from '../define-event.js';
import { distributionSchema, sourceNameSchema } from '../schemas.js';

/** A user name as a subscription's stream names it. */
export const subscriberSchema = z.string().regex(/^[a-z][a-z0-9._-]{0,62}$/, 'a user name is lower-case letters, digits, ., _ and -');
/** A source package, or `*` for every one (mini-buildd's subscription `package`). */
export const subscribedSourceSchema = z.union([z.literal('*'), sourceNameSchema]);
/** A distribution, or `*` for every one. */
export const subscribedDistributionSchema = z.union([z.literal('*'), distributionSchema]);

/**
 * `user` subscribed (mini-buildd's `subscribe`): mail about `source` in `distribution` (either may be
 * `*`) goes to `address` on rejection, build failure, install, migration and removal.
 */
export const SubscriptionAdded = defineEvent(
  'SubscriptionAdded',
  1,
  z.object({
    user: subscriberSchema,
    source: subscribedSourceSchema,
    distribution: subscribedDistributionSchema,
    /** Where the mail goes: the user's e-mail address. */
    address: z.email(),
  }),
);
export type SubscriptionAdded = EventOf<typeof SubscriptionAdded>;
