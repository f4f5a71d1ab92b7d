import { z } from 'zod';
import { defineEvent, type EventOf } from '../define-event.js';
import { architectureSchema, distributionSchema, sourceNameSchema, versionSchema } from '../schemas.js';

/**
 * A build of one architecture of an accepted upload is wanted. A retry is another BuildRequested
 * for the same architecture with a new `buildId` and `attempt` + 1.
 */
export const BuildRequested = defineEvent(
  'BuildRequested',
  1,
  z.object({
    uploadId: z.string().min(1),
    buildId: z.string().min(1),
    source: sourceNameSchema,
    version: versionSchema,
    distribution: distributionSchema,
    architecture: architectureSchema,
    /** This build also builds the arch:all packages. */
    archAll: z.boolean(),
    /** A failure of an optional architecture does not stop the install. */
    optional: z.boolean(),
    /** 1 for the first request, then 2, 3… for retries. */
    attempt: z.number().int().positive(),
  }),
);
export type BuildRequested = EventOf<typeof BuildRequested>;
