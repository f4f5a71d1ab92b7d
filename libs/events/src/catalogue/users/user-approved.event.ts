import { z } from 'zod';
import { defineEvent, type EventOf } from '../define-event.js';
import { userNameSchema } from './user.schemas.js';

/** An admin approved a registered (or re-enabled a disabled) account: it is active, and its tokens work. */
export const UserApproved = defineEvent('UserApproved', 1, z.object({ name: userNameSchema }));
export type UserApproved = EventOf<typeof UserApproved>;
