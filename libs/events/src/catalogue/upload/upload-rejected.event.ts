import { z } from 'zod';
import { defineEvent, type EventOf } from '../define-event.js';
import { sourceNameSchema, versionSchema } from '../schemas.js';

/** The packager refused an upload; `reasons` lists every rule it broke, in words for the uploader. */
export const UploadRejected = defineEvent(
  'UploadRejected',
  1,
  z.object({
    uploadId: z.string().min(1),
    source: sourceNameSchema.optional(),
    version: versionSchema.optional(),
    distribution: z.string().min(1).optional(),
    reasons: z.array(z.string().min(1)).min(1),
    /** The daemon could not review the upload (not the upload's fault): retrying the packager's parked event reviews it again. */
    retriable: z.boolean().optional(),
  }),
);
export type UploadRejected = EventOf<typeof UploadRejected>;

/** Version 0 (the first draft) carried a single `reason`; version 1 lists every reason. */
export interface UploadRejectedV0Data {
  readonly uploadId: string;
  readonly source?: string;
  readonly version?: string;
  readonly distribution?: string;
  readonly reason: string;
}

export const upcastUploadRejectedV0 = ({ reason, ...rest }: UploadRejectedV0Data): z.input<typeof UploadRejected.schema> => ({
  ...rest,
  reasons: [reason],
});
