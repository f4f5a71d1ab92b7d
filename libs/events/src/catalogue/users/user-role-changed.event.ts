import { z } from 'zod';
import { defineEvent, type EventOf } from '../define-event.js';
import { userNameSchema, userRoleSchema } from './user.schemas.js';

/** An admin gave an account another role; its tokens act with the new role from now on. */
export const UserRoleChanged = defineEvent('UserRoleChanged', 1, z.object({ name: userNameSchema, role: userRoleSchema, previous: userRoleSchema }));
export type UserRoleChanged = EventOf<typeof UserRoleChanged>;
