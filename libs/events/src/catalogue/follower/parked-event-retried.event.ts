import { z } from 'zod';
import { defineEvent, type EventOf } from '../define-event.js';
import { followerNameSchema } from './event-parked.event.js';

/** An operator asked `follower` to handle the parked event at `position` again (`mbd retry <follower>@<position>`). */
export const ParkedEventRetried = defineEvent(
  'ParkedEventRetried',
  1,
  z.object({
    follower: followerNameSchema,
    position: z.number().int().positive(),
  }),
);
export type ParkedEventRetried = EventOf<typeof ParkedEventRetried>;
