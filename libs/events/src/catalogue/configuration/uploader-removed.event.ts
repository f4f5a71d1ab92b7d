import { z } from 'zod';
import { defineEvent, type EventOf } from '../define-event.js';
import { fingerprintSchema, repositoryIdSchema } from '../schemas.js';

/** The key `fingerprint` may no longer upload to `repository`. */
export const UploaderRemoved = defineEvent(
  'UploaderRemoved',
  1,
  z.object({ repository: repositoryIdSchema, fingerprint: fingerprintSchema }),
);
export type UploaderRemoved = EventOf<typeof UploaderRemoved>;
