import type { Checkpoint, EventStore } from '@mbd/events';

/**
 * A checkpoint that, while none is stored, reads as the log's head: a follower added to a daemon with
 * a long history starts with what happens next (no mail about last year's uploads).
 */
export const startingAtHead = (checkpoint: Checkpoint, store: EventStore): Checkpoint => ({
  read: async () => (await checkpoint.read()) || store.headPosition(),
  write: (position) => checkpoint.write(position),
});
