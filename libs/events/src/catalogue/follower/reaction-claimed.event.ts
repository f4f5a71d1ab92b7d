import { z } from 'zod';
import { defineEvent, type EventOf } from '../define-event.js';
import { InvalidStreamIdError } from '../errors.js';
import { followerNameSchema } from './event-parked.event.js';

/**
 * A daemon took on what follower `follower` does outside the log for the event at `position` (an own
 * upload made, packages migrated): the first event of its `claim-<follower>-<position>` stream,
 * appended expecting the stream as read, so that of several daemons sharing one event store only the
 * one whose claim was stored acts. A restart of that daemon finishes what it claimed; the others leave it.
 */
export const ReactionClaimed = defineEvent(
  'ReactionClaimed',
  1,
  z.object({
    follower: followerNameSchema,
    position: z.number().int().positive(),
    eventType: z.string().min(1),
    /** The daemon that acts (MBD_DAEMON_NAME). */
    claimedBy: z.string().min(1),
  }),
);
export type ReactionClaimed = EventOf<typeof ReactionClaimed>;

/** `claim-<follower>-<position>`: who acts on the event at `position` for `follower`. */
export const reactionClaimStream = (follower: string, position: number): string => {
  const streamId = `claim-${follower}-${position}`;
  if (!followerNameSchema.safeParse(follower).success) throw new InvalidStreamIdError(streamId, `follower '${follower}' is not a follower name`);
  if (!Number.isSafeInteger(position) || position < 1) throw new InvalidStreamIdError(streamId, 'a log position is a positive integer');
  return streamId;
};
