import { z } from 'zod';
import { defineEvent, type EventOf } from '../define-event.js';
import { architectureSchema, codenameSchema, fingerprintSchema } from '../schemas.js';
import { builderNamePattern } from './builder-stream.js';

/**
 * A remote builder (`mbd builder`) registered with what it offers, or changed what it offers. Recorded
 * only when something changed, not on every heartbeat (load and last contact live in memory).
 */
export const BuilderRegistered = defineEvent(
  'BuilderRegistered',
  1,
  z.object({
    name: z.string().regex(builderNamePattern),
    architectures: z.array(architectureSchema).max(50),
    codenames: z.array(codenameSchema).max(50),
    /** How many builds it runs at once. */
    slots: z.number().int().min(1).max(256),
    /** Its OpenPGP key, which signs its result manifests; an admin approves it (BuilderKeyApproved). */
    fingerprint: fingerprintSchema,
    /** The public half, armored (never a secret). */
    publicKey: z.string().min(1).max(20_000),
    /** The daemon it registered with (MBD_DAEMON_NAME): of several daemons on one store, the one that hears its heartbeats and re-queues its builds. */
    daemon: z.string().min(1).max(300).optional(),
  }),
);
export type BuilderRegistered = EventOf<typeof BuilderRegistered>;
