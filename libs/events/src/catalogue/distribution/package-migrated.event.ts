import { z } from 'zod';
import { defineEvent, type EventOf } from '../define-event.js';
import { binarySchema, distributionSchema, fileRefSchema, sourceNameSchema, versionSchema } from '../schemas.js';

/**
 * A source and its binaries were copied from `from` into `to`, the suite `from` migrates to; appended
 * to the stream of `to`. `from` keeps its copy. (A copy back from a rollback is PackageRestored.)
 */
export const PackageMigrated = defineEvent(
  'PackageMigrated',
  1,
  z.object({
    from: distributionSchema,
    to: distributionSchema,
    source: sourceNameSchema,
    version: versionSchema,
    files: z.array(fileRefSchema).min(1),
    binaries: z.array(binarySchema),
    replaced: versionSchema.optional(),
  }),
);
export type PackageMigrated = EventOf<typeof PackageMigrated>;
