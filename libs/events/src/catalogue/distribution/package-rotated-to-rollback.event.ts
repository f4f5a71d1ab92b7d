import { z } from 'zod';
import { defineEvent, type EventOf } from '../define-event.js';
import { distributionSchema, sourceNameSchema, versionSchema } from '../schemas.js';

/**
 * `version` of `source`, about to be replaced in (or removed from) `distribution`, moved to its
 * rollback0; the versions that were in rollback0…N-2 moved up by one, and what was in rollbackN-1
 * (`dropped`) left the published rollbacks (the history keeps it).
 *
 * To apply it: for k = N-1 down to 1 copy rollback(k-1) to rollback(k), then copy the distribution
 * to rollback0. Afterwards `<distribution>-rollback<k>` holds `rollbacks[k]` of `source`.
 */
export const PackageRotatedToRollback = defineEvent(
  'PackageRotatedToRollback',
  1,
  z.object({
    /** The distribution itself, `<codename>-<repository>-<suite>` (no rollback suffix). */
    distribution: distributionSchema,
    source: sourceNameSchema,
    version: versionSchema,
    /** The rollbacks of `source` after the rotation: index k is rollback<k>; `rollbacks[0]` is `version`. */
    rollbacks: z.array(versionSchema).min(1),
    /** Versions that were pushed out beyond rollback<N-1>. */
    dropped: z.array(versionSchema),
  }),
);
export type PackageRotatedToRollback = EventOf<typeof PackageRotatedToRollback>;
