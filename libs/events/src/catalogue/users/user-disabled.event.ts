import { z } from 'zod';
import { defineEvent, type EventOf } from '../define-event.js';
import { userNameSchema } from './user.schemas.js';

/** An admin disabled an account: none of its tokens or page sessions works any more (approve enables it again). */
export const UserDisabled = defineEvent('UserDisabled', 1, z.object({ name: userNameSchema, reason: z.string().max(500).optional() }));
export type UserDisabled = EventOf<typeof UserDisabled>;
