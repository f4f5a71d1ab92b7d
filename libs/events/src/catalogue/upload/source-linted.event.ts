import { z } from 'zod';
import { defineEvent, type EventOf } from '../define-event.js';
import { sourceNameSchema, versionSchema } from '../schemas.js';

/**
 * lintian ran on an accepted upload's source package, beside its builds (only for authorized
 * uploads, with a timeout); its result gates the install by the suite's lintian mode. `lintian` is
 * null when lintian could not finish (`reason` says why).
 */
export const SourceLinted = defineEvent(
  'SourceLinted',
  1,
  z.object({
    uploadId: z.string().min(1),
    source: sourceNameSchema,
    version: versionSchema,
    lintian: z
      .object({
        errors: z.number().int().nonnegative(),
        warnings: z.number().int().nonnegative(),
        tags: z.array(z.string()).optional(),
      })
      .nullable(),
    reason: z.string().min(1).optional(),
  }),
);
export type SourceLinted = EventOf<typeof SourceLinted>;
