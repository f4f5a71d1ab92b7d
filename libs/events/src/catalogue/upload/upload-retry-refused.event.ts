import { z } from 'zod';
import { defineEvent, type EventOf } from '../define-event.js';

/**
 * A retry of an upload was refused (it is neither rejected nor failed, it was already retried into an
 * upload that is still alive, its files are no longer stored…); nothing was taken in. In the upload's stream.
 */
export const UploadRetryRefused = defineEvent(
  'UploadRetryRefused',
  1,
  z.object({
    uploadId: z.string().min(1),
    reasons: z.array(z.string().min(1)).min(1),
  }),
);
export type UploadRetryRefused = EventOf<typeof UploadRetryRefused>;
