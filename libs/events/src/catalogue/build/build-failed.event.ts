import { z } from 'zod';
import { defineEvent, type EventOf } from '../define-event.js';
import { architectureSchema, fileRefSchema } from '../schemas.js';

/** The build did not produce packages; `reason` is taken from sbuild's summary. */
export const BuildFailed = defineEvent(
  'BuildFailed',
  1,
  z.object({
    buildId: z.string().min(1),
    architecture: architectureSchema,
    reason: z.string().min(1),
    /** sbuild's `Status:`/`Fail-Stage:` (e.g. `failed`, `attempted`, `given-back`) or `internal-error`. */
    status: z.string().min(1),
    log: fileRefSchema.optional(),
  }),
);
export type BuildFailed = EventOf<typeof BuildFailed>;
