import { z } from 'zod';
import { defineEvent, type EventOf } from '../define-event.js';
import { distributionSchema, sourceNameSchema, versionSchema } from '../schemas.js';

/**
 * `version` of `source` was removed from `<distribution>-rollback<rollback>`; the higher rollbacks moved
 * down by one (mini-buildd compacts them), so afterwards rollback<k> holds `rollbacks[k]`.
 */
export const PackageRemovedFromRollback = defineEvent(
  'PackageRemovedFromRollback',
  1,
  z.object({
    distribution: distributionSchema,
    source: sourceNameSchema,
    version: versionSchema,
    rollback: z.number().int().nonnegative(),
    rollbacks: z.array(versionSchema),
  }),
);
export type PackageRemovedFromRollback = EventOf<typeof PackageRemovedFromRollback>;
