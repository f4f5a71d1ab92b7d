import { z } from 'zod';
import { defineEvent, type EventOf } from '../define-event.js';
import { fingerprintSchema } from '../schemas.js';
import { userNameSchema } from './user.schemas.js';

/** set_user_key: `user` submitted their OpenPGP public key (ASCII-armored); it waits for an admin's approval. */
export const UserKeySubmitted = defineEvent(
  'UserKeySubmitted',
  1,
  z.object({
    user: userNameSchema,
    fingerprint: fingerprintSchema,
    /** The key's user id as gpg shows it (`Jane Doe <jane@example.org>`). */
    uid: z.string().max(500),
    key: z.string().min(100).max(100_000),
  }),
);
export type UserKeySubmitted = EventOf<typeof UserKeySubmitted>;
