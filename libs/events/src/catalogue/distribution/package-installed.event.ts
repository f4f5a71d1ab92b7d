import { z } from 'zod';
import { defineEvent, type EventOf } from '../define-event.js';
import { binarySchema, distributionSchema, fileRefSchema, sourceNameSchema, versionSchema } from '../schemas.js';

/**
 * A source and its binaries entered `distribution` (all architectures at once). When another version
 * was there, it is `replaced` (a PackageRotatedToRollback just before this event moved it to rollback0).
 */
export const PackageInstalled = defineEvent(
  'PackageInstalled',
  1,
  z.object({
    distribution: distributionSchema,
    source: sourceNameSchema,
    version: versionSchema,
    /** The upload it came from; absent for an admin's direct install. */
    uploadId: z.string().min(1).optional(),
    /** The .dsc with its files and every built .deb, as stored in the blob store. */
    files: z.array(fileRefSchema).min(1),
    binaries: z.array(binarySchema),
    replaced: versionSchema.optional(),
  }),
);
export type PackageInstalled = EventOf<typeof PackageInstalled>;
