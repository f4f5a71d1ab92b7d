import { z } from 'zod';
import { defineEvent, type EventOf } from '../define-event.js';
import { fingerprintSchema } from '../schemas.js';
import { userNameSchema } from './user.schemas.js';

/** An admin rejected (or withdrew) `user`'s key; the user may submit another. */
export const UserKeyRejected = defineEvent(
  'UserKeyRejected',
  1,
  z.object({ user: userNameSchema, fingerprint: fingerprintSchema, reason: z.string().max(500).optional() }),
);
export type UserKeyRejected = EventOf<typeof UserKeyRejected>;
