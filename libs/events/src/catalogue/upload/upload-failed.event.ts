import { z } from 'zod';
import { defineEvent, type EventOf } from '../define-event.js';
import { distributionSchema, sourceNameSchema, versionSchema } from '../schemas.js';

/**
 * Packaging failed after building (mini-buildd's FAILED), e.g. a mandatory architecture did not build
 * or the install was refused. Nothing of this upload was installed.
 */
export const UploadFailed = defineEvent(
  'UploadFailed',
  1,
  z.object({
    uploadId: z.string().min(1),
    source: sourceNameSchema,
    version: versionSchema,
    distribution: distributionSchema,
    reasons: z.array(z.string().min(1)).min(1),
  }),
);
export type UploadFailed = EventOf<typeof UploadFailed>;
