import { z } from 'zod';
import { defineEvent, type EventOf } from '../define-event.js';
import { architectureSchema, fileRefSchema } from '../schemas.js';

/**
 * piuparts' or autopkgtest's verdict on the build, in sbuild's words: pass, warn (a warning, or autopkgtest's
 * `no tests`), fail (the package failed the check), error (the check could not be made: the tool broke,
 * timed out or cannot run on this builder); a line for people; the tool's log in the blob store.
 */
export const qaCheckResultSchema = z.object({
  status: z.enum(['pass', 'warn', 'fail', 'error']),
  summary: z.string().max(1000),
  log: fileRefSchema.optional(),
});

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
    /** piuparts on the built packages, when the architecture's piuparts mode is not disabled. */
    piuparts: qaCheckResultSchema.optional(),
    /** The source's autopkgtests against the built packages, when the architecture's autopkgtest mode is not disabled. */
    autopkgtest: qaCheckResultSchema.optional(),
    seconds: z.number().nonnegative(),
  }),
);
export type BuildSucceeded = EventOf<typeof BuildSucceeded>;
export type QaCheckResult = z.infer<typeof qaCheckResultSchema>;
