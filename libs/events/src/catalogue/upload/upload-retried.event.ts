import { z } from 'zod';
import { defineEvent, type EventOf } from '../define-event.js';
import { sourceNameSchema, versionSchema } from '../schemas.js';

/**
 * A rejected or failed upload is taken in again as a new upload (mini-buildd's `retry`), e.g. after the
 * configuration changed: its stored .changes and files go through incoming again as `retryUploadId`,
 * whose UploadReceived names this upload as `retryOf`. In the original upload's stream.
 */
export const UploadRetried = defineEvent(
  'UploadRetried',
  1,
  z.object({
    uploadId: z.string().min(1),
    retryUploadId: z.string().min(1),
    source: sourceNameSchema,
    version: versionSchema,
    /** Why, in the words of whoever asked (e.g. "uploader key added"). */
    reason: z.string().min(1).max(500).optional(),
  }),
);
export type UploadRetried = EventOf<typeof UploadRetried>;
