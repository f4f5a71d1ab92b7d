import { z } from 'zod';
import { defineEvent, type EventOf } from '../define-event.js';
import {
  architectureSchema,
  codenameSchema,
  distributionSchema,
  fileRefSchema,
  fingerprintSchema,
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
    /** Files the .dsc names that the upload left out (an orig tarball with `-sd`), taken from the repository's pool. */
    poolFiles: z.array(fileRefSchema).optional(),
    /** True when lintian runs on the source beside the builds and a SourceLinted event gates the install. */
    lintSource: z.boolean().optional(),
    /** The key whose signature the packager verified on the .changes; null for an unsigned upload a repository takes. */
    signedBy: fingerprintSchema.nullable().optional(),
  }),
);
export type UploadAccepted = EventOf<typeof UploadAccepted>;
