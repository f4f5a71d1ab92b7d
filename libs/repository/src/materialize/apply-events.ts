import type { RecordedEvent } from '@mbd/events';
import type { ArchiveTrees } from './archive-trees.js';
import { planArchiveOperations } from './plan-archive-operations.js';

/**
 * Applies a batch of log events to the published trees: all their operations with no export in
 * between, then one export and signing per tree. The reactor and the rebuild share this one path.
 */
export const applyEvents = (trees: ArchiveTrees, events: readonly RecordedEvent[]): Promise<void> =>
  trees.apply(events.flatMap((event) => planArchiveOperations(event)));
