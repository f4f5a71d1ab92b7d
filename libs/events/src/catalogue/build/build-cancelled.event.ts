import { z } from 'zod';
import { defineEvent, type EventOf } from '../define-event.js';
import { architectureSchema } from '../schemas.js';

/** A build was cancelled (by a user or a daemon restart) before it finished. */
export const BuildCancelled = defineEvent(
  'BuildCancelled',
  1,
  z.object({
    buildId: z.string().min(1),
    architecture: architectureSchema,
    reason: z.string().min(1),
  }),
);
export type BuildCancelled = EventOf<typeof BuildCancelled>;
