import { z } from 'zod';
import { defineEvent, type EventOf } from '../define-event.js';
import { repositoryIdSchema, sha256Schema } from '../schemas.js';
import { tokenIdSchema, userNameSchema, userRoleSchema } from './user.schemas.js';

/**
 * An API token was issued to `user`. The event holds the SHA-256 of the token, never the token: it
 * was shown once, to whoever asked for it. A token acts with the user's role, or a lower `role`,
 * limited to `repositories` and to reads (`readOnly`) when given, until `expires`.
 */
export const TokenIssued = defineEvent(
  'TokenIssued',
  1,
  z.object({
    id: tokenIdSchema,
    user: userNameSchema,
    /** What the token is for, in its owner's words (`laptop`, `ci`). */
    name: z.string().min(1).max(100),
    sha256: sha256Schema,
    role: userRoleSchema.optional(),
    repositories: z.array(repositoryIdSchema).min(1).max(100).optional(),
    readOnly: z.boolean().optional(),
    /** ISO 8601 UTC: the token stops working at this time. */
    expires: z.iso.datetime().optional(),
  }),
);
export type TokenIssued = EventOf<typeof TokenIssued>;
