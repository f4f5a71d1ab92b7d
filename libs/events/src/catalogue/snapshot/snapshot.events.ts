import type { SnapshotCreated } from './snapshot-created.event.js';
import type { SnapshotDeleted } from './snapshot-deleted.event.js';
import type { SnapshotRefused } from './snapshot-refused.event.js';

/** Everything in a snapshots stream (`snapshots-<codename>-<repository>-<suite>`). */
export type SnapshotEvent = SnapshotCreated | SnapshotDeleted | SnapshotRefused;
