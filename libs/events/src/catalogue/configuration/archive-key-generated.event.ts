import { z } from 'zod';
import { defineEvent, type EventOf } from '../define-event.js';
import { fileRefSchema, fingerprintSchema } from '../schemas.js';

/** This instance's archive key was generated (never regenerated unless removed); the secret never leaves gpg. */
export const ArchiveKeyGenerated = defineEvent(
  'ArchiveKeyGenerated',
  1,
  z.object({
    fingerprint: fingerprintSchema,
    /** The ASCII-armored public key, as a blob. */
    publicKey: fileRefSchema.optional(),
  }),
);
export type ArchiveKeyGenerated = EventOf<typeof ArchiveKeyGenerated>;
