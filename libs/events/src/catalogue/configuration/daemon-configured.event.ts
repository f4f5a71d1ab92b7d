import { z } from 'zod';
import { defineEvent, type EventOf } from '../define-event.js';

/** The daemon's archive-wide settings (mini-buildd's Daemon model); the event carries all of them. */
export const DaemonConfigured = defineEvent(
  'DaemonConfigured',
  1,
  z.object({
    /** Instance name, used in the archive Origin and the dput.cf section (`^[a-zA-Z0-9-]+$`). */
    identity: z.string().regex(/^[a-zA-Z0-9-]+$/),
    /** Release `Origin:`; mini-buildd's default is `Mini-Buildd archive <identity> on <fqdn>`. */
    archiveOrigin: z.string().min(1),
    emailAddress: z.email().optional(),
    maxParallelBuilds: z.number().int().positive(),
  }),
);
export type DaemonConfigured = EventOf<typeof DaemonConfigured>;
