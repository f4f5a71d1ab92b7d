import { z } from 'zod';
import { defineEvent, type EventOf } from '../define-event.js';
import { architectureSchema } from '../schemas.js';

/** A builder took the build and sbuild started in a chroot. */
export const BuildStarted = defineEvent(
  'BuildStarted',
  1,
  z.object({
    buildId: z.string().min(1),
    architecture: architectureSchema,
    /** Which builder: `local` or a remote instance's name. */
    builder: z.string().min(1),
    /** The chroot used, e.g. `mbd-bookworm-amd64`. */
    chroot: z.string().min(1),
  }),
);
export type BuildStarted = EventOf<typeof BuildStarted>;
