import { z } from 'zod';
import { defineEvent, type EventOf } from '../define-event.js';
import { tokenIdSchema, userNameSchema } from './user.schemas.js';

/** The token `id` of `user` no longer works. */
export const TokenRevoked = defineEvent('TokenRevoked', 1, z.object({ id: tokenIdSchema, user: userNameSchema }));
export type TokenRevoked = EventOf<typeof TokenRevoked>;
