import { z } from 'zod';
import { defineEvent, type EventOf } from '../define-event.js';
import {
  architectureSchema,
  checkModeSchema,
  codenameSchema,
  distributionSchema,
  fileRefSchema,
  fingerprintSchema,
  repositoryIdSchema,
  sourceNameSchema,
  suiteSchema,
  versionSchema,
} from '../schemas.js';

/** The modes of the three package checks (mini-buildd's disabled, ignore, errfail, warnfail). */
export const checkModesSchema = z.object({ lintian: checkModeSchema, piuparts: checkModeSchema, autopkgtest: checkModeSchema });

/** One upload option (`MINI_BUILDD_OPTION: <key>[<architecture>]=<value>`) as written in the top changelog block. */
export const uploadOptionSchema = z.object({
  key: z.string().min(1).max(100),
  architecture: architectureSchema.optional(),
  value: z.string().max(1000),
});

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
    /** The upload options of the top changelog block, validated, as written (absent: none, or an upload older than options). */
    options: z.array(uploadOptionSchema).optional(),
    /**
     * The check modes in force after the options: the upload's own (lintian on its source, and every
     * architecture without a `key[arch]` option), and each build architecture's. Absent in older logs:
     * the suite's modes apply.
     */
    checks: checkModesSchema.extend({ architectures: z.record(architectureSchema, checkModesSchema) }).optional(),
  }),
);
export type UploadAccepted = EventOf<typeof UploadAccepted>;
