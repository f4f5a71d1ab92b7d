import { z } from 'zod';
import { defineEvent, type EventOf } from '../define-event.js';
import { architectureSchema, fileRefSchema } from '../schemas.js';

/** sbuild finished successfully; the results and the log are in the blob store. */
export const BuildSucceeded = defineEvent(
  'BuildSucceeded',
  1,
  z.object({
    buildId: z.string().min(1),
    architecture: architectureSchema,
    /** The build's .changes and every file it lists (.deb, .buildinfo, …). */
    files: z.array(fileRefSchema).min(1),
    log: fileRefSchema,
    /** lintian on the built packages, when it ran. */
    lintian: z
      .object({
        errors: z.number().int().nonnegative(),
        warnings: z.number().int().nonnegative(),
        tags: z.array(z.string()).optional(),
      })
      .optional(),
    seconds: z.number().nonnegative(),
  }),
);
export type BuildSucceeded = EventOf<typeof BuildSucceeded>;
