import { z } from 'zod';
import { defineEvent, type EventOf } from '../define-event.js';
import { distributionSchema, fileRefSchema, fingerprintSchema, sourceNameSchema, versionSchema } from '../schemas.js';

/**
 * A port of `source` to `to` was decided: a reactor makes the new source version `version` (changelog
 * entry, signed with the archive key) and uploads it; it enters `to` through the normal upload path.
 */
export const PackagePorted = defineEvent(
  'PackagePorted',
  1,
  z.object({
    /** The distribution the source came from (internal port) or the .dsc URL (external port). */
    from: z.string().min(1),
    to: distributionSchema,
    kind: z.enum(['internal', 'external']),
    source: sourceNameSchema,
    fromVersion: versionSchema,
    version: versionSchema,
    /** The origin's source files as stored in the blob store: its .dsc and the files the .dsc lists. */
    files: z.array(fileRefSchema).optional(),
    /** Upload options for the new changelog entry (`MINI_BUILDD_OPTION: key=value`), e.g. `lintian-mode=ignore`. */
    options: z.array(z.string().min(1).max(500)).max(50).optional(),
    /** External port: the key of the uploader keyring (or the archive key) that signed the .dsc. */
    signedBy: fingerprintSchema.optional(),
    /** External port: the .dsc was taken without a valid signature because the caller allowed it. */
    unauthenticated: z.boolean().optional(),
  }),
);
export type PackagePorted = EventOf<typeof PackagePorted>;
