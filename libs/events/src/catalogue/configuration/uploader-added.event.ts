import { z } from 'zod';
import { defineEvent, type EventOf } from '../define-event.js';
import { fileRefSchema, fingerprintSchema, repositoryIdSchema } from '../schemas.js';

/** The key `fingerprint` may upload to `repository`; its ASCII-armored public key is a blob. */
export const UploaderAdded = defineEvent(
  'UploaderAdded',
  1,
  z.object({
    repository: repositoryIdSchema,
    fingerprint: fingerprintSchema,
    /** The key's user id, e.g. `Jane Doe <jane@example.org>`. */
    name: z.string().min(1),
    key: fileRefSchema,
  }),
);
export type UploaderAdded = EventOf<typeof UploaderAdded>;
