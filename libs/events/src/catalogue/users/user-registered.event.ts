import { z } from 'zod';
import { defineEvent, type EventOf } from '../define-event.js';
import { emailSchema, userNameSchema } from './user.schemas.js';

/** Someone asked for an account (`register`): it is pending, and works only once an admin approves it. */
export const UserRegistered = defineEvent(
  'UserRegistered',
  1,
  z.object({
    name: userNameSchema,
    email: emailSchema,
  }),
);
export type UserRegistered = EventOf<typeof UserRegistered>;
