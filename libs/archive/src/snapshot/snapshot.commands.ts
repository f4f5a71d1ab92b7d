import type { DistributionSettings } from '../configuration/distribution-settings.js';
import type { Command } from '../decider.js';

/** Name the archive of `distribution` as it was at the global log `position` (resolved by the caller). */
export type CreateSnapshot = Command<
  'CreateSnapshot',
  {
    readonly distribution: DistributionSettings;
    readonly name: string;
    readonly position: number;
    /** What was asked for (a position or a time), when not "now": kept in the event. */
    readonly at?: string;
  }
>;

/** Stop publishing the snapshot `name` of `distribution`. */
export type DeleteSnapshot = Command<'DeleteSnapshot', { readonly distribution: DistributionSettings; readonly name: string }>;

export type SnapshotCommand = CreateSnapshot | DeleteSnapshot;
