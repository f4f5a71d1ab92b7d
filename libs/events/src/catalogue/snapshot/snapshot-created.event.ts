import { z } from 'zod';
import { defineEvent, type EventOf } from '../define-event.js';
import { distributionSchema, repositoryIdSchema } from '../schemas.js';
import { snapshotNameSchema } from './snapshot-name.schema.js';

/**
 * `name` now denotes `distribution` as it was at the global log `position` (a snapshot costs nothing:
 * the archive at that position is rebuilt from the log when asked for). Served as
 * `/repositories/<repository>/dists/<distribution>/snapshots/<name>/`.
 */
export const SnapshotCreated = defineEvent(
  'SnapshotCreated',
  1,
  z.object({
    repository: repositoryIdSchema,
    distribution: distributionSchema,
    name: snapshotNameSchema,
    position: z.number().int().min(0),
    /** What the creator asked for (a log position or an ISO time), when not "now". */
    at: z.string().min(1).max(64).optional(),
  }),
);
export type SnapshotCreated = EventOf<typeof SnapshotCreated>;
