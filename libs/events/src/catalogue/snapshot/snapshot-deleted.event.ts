import { z } from 'zod';
import { defineEvent, type EventOf } from '../define-event.js';
import { distributionSchema, repositoryIdSchema } from '../schemas.js';
import { snapshotNameSchema } from './snapshot-name.schema.js';

/** The snapshot `name` of `distribution` (which denoted `position`) is no longer published. */
export const SnapshotDeleted = defineEvent(
  'SnapshotDeleted',
  1,
  z.object({
    repository: repositoryIdSchema,
    distribution: distributionSchema,
    name: snapshotNameSchema,
    position: z.number().int().min(0),
  }),
);
export type SnapshotDeleted = EventOf<typeof SnapshotDeleted>;
