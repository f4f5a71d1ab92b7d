import { z } from 'zod';
import { defineEvent, type EventOf } from '../define-event.js';
import { userNameSchema } from './user.schemas.js';

/** Why a command on an account was refused: a closed set, so the API answers with the right status. */
export const userRefusalReasonSchema = z.enum(['forbidden', 'user-exists', 'user-absent', 'not-pending', 'state', 'token-absent', 'key-absent', 'key-exists', 'invalid']);
export type UserRefusalReason = z.infer<typeof userRefusalReasonSchema>;

/** An authenticated caller's command on the account `user` was refused; nothing changed. */
export const UserCommandRefused = defineEvent(
  'UserCommandRefused',
  1,
  z.object({
    command: z.string().min(1).max(64),
    user: userNameSchema,
    reason: userRefusalReasonSchema,
    /** What is wrong, for the person who asked. */
    message: z.string().min(1).max(1000),
  }),
);
export type UserCommandRefused = EventOf<typeof UserCommandRefused>;
