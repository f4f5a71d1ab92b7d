import { z } from 'zod';
import { defineEvent, type EventOf } from '../define-event.js';
import { emailSchema, userNameSchema, userRoleSchema } from './user.schemas.js';

/** An admin created an account with `role`; it is active at once. */
export const UserCreated = defineEvent(
  'UserCreated',
  1,
  z.object({
    name: userNameSchema,
    role: userRoleSchema,
    email: emailSchema.optional(),
  }),
);
export type UserCreated = EventOf<typeof UserCreated>;
