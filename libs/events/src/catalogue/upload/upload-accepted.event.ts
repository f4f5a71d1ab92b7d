import { z } from 'zod';
import { defineEvent, type EventOf } from '../define-event.js';
import {
  architectureSchema,
  codenameSchema,
  distributionSchema,
  repositoryIdSchema,
  sourceNameSchema,
  suiteSchema,
  versionSchema,
} from '../schemas.js';

/** The packager accepted an upload for `distribution`; builds for `buildArchitectures` follow. */
export const UploadAccepted = defineEvent(
  'UploadAccepted',
  1,
  z.object({
    uploadId: z.string().min(1),
    source: sourceNameSchema,
    version: versionSchema,
    /** The resolved distribution, `<codename>-<repository>-<suite>`. */
    distribution: distributionSchema,
    codename: codenameSchema,
    repository: repositoryIdSchema,
    suite: suiteSchema,
    buildArchitectures: z.array(architectureSchema).min(1),
    /** The architecture that also builds arch:all packages; null when the source has none. */
    archAllOn: architectureSchema.nullable(),
  }),
);
export type UploadAccepted = EventOf<typeof UploadAccepted>;
