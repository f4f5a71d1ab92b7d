import { z } from 'zod';
import { defineEvent, type EventOf } from '../define-event.js';
import { distributionSchema, sourceNameSchema, versionSchema } from '../schemas.js';

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
  }),
);
export type PackagePorted = EventOf<typeof PackagePorted>;
