import { z } from 'zod';
import { defineEvent, type EventOf } from '../define-event.js';
import { binarySchema, distributionSchema, fileRefSchema, sourceNameSchema, versionSchema } from '../schemas.js';

/**
 * `version` of `source` was copied back from `<distribution>-rollback<rollback>` into `distribution`,
 * which did not hold the source (mini-buildd: restore is a migrate from a rollback). The rollbacks
 * keep their copy.
 */
export const PackageRestored = defineEvent(
  'PackageRestored',
  1,
  z.object({
    distribution: distributionSchema,
    source: sourceNameSchema,
    version: versionSchema,
    rollback: z.number().int().nonnegative(),
    files: z.array(fileRefSchema).min(1),
    binaries: z.array(binarySchema),
  }),
);
export type PackageRestored = EventOf<typeof PackageRestored>;
