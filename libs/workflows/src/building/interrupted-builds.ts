import type { BuildQueueItem } from '@mbd/projections';

/** What BuildStarted named the local builder before daemons had names: such a build was started by this very daemon. */
const UNNAMED_LOCAL_BUILDER = 'local';

/**
 * The builds a restart of this daemon re-queues: those the build queue shows building on its own
 * local builder (`local@<daemon name>`, or plain `local` from before daemons had names). Another
 * daemon's builds on the same event store go on there, and remote builders' builds are re-queued by
 * their own timeout, not by a restart here.
 */
export const interruptedBuildsOf = (queue: readonly BuildQueueItem[], localBuilder: string): BuildQueueItem[] =>
  queue.filter((item) => item.state === 'building' && (item.builder === localBuilder || item.builder === UNNAMED_LOCAL_BUILDER));
