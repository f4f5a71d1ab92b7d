import { z } from 'zod';
import { defineEvent, type EventOf } from '../define-event.js';
import { fingerprintSchema, repositoryIdSchema } from '../schemas.js';
import { userNameSchema } from './user.schemas.js';

/** An admin approved `user`'s key: it is an uploader key of `repositories` (each granted by an UploaderAdded). */
export const UserKeyApproved = defineEvent(
  'UserKeyApproved',
  1,
  z.object({ user: userNameSchema, fingerprint: fingerprintSchema, repositories: z.array(repositoryIdSchema).max(100) }),
);
export type UserKeyApproved = EventOf<typeof UserKeyApproved>;
