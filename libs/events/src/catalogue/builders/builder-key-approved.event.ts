import { z } from 'zod';
import { defineEvent, type EventOf } from '../define-event.js';
import { fingerprintSchema } from '../schemas.js';
import { builderNamePattern } from './builder-stream.js';

/** An admin approved the key a remote builder registered: builds go to it, and its signed results are taken. */
export const BuilderKeyApproved = defineEvent(
  'BuilderKeyApproved',
  1,
  z.object({
    name: z.string().regex(builderNamePattern),
    fingerprint: fingerprintSchema,
  }),
);
export type BuilderKeyApproved = EventOf<typeof BuilderKeyApproved>;
