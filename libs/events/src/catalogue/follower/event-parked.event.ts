import { z } from 'zod';
import { defineEvent, type EventOf } from '../define-event.js';

/** A follower's name: `packager`, `install`, `archive`, `projection-audit-log`… */
export const followerNameSchema = z.string().regex(/^[a-z][a-z0-9-]{0,62}$/, 'a follower name is lower-case letters, digits and dashes');

/**
 * A follower of the log (packager, install, archive reactor, a projection…) could not handle the
 * event at `position` after every retry, recorded what that means for the upload or archive where it
 * could, and moved on. The event stays parked until an operator retries it (ParkedEventRetried).
 */
export const EventParked = defineEvent(
  'EventParked',
  1,
  z.object({
    follower: followerNameSchema,
    position: z.number().int().positive(),
    eventId: z.string().min(1),
    eventType: z.string().min(1),
    /** Why it failed, in words: the tool's message (reprepro, lintian…) or the error. */
    reason: z.string().min(1),
    attempts: z.number().int().positive(),
  }),
);
export type EventParked = EventOf<typeof EventParked>;
