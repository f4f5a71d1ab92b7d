import { z } from 'zod';
import { defineEvent, type EventOf } from '../define-event.js';
import { architectureSchema, fileRefSchema, fingerprintSchema, sourceNameSchema, versionSchema } from '../schemas.js';

/** A complete upload arrived (every file of its .changes present, sizes and checksums verified, stored as blobs). */
export const UploadReceived = defineEvent(
  'UploadReceived',
  1,
  z.object({
    uploadId: z.string().min(1),
    changes: fileRefSchema,
    /** Every file the .changes lists. */
    files: z.array(fileRefSchema),
    source: sourceNameSchema,
    version: versionSchema,
    /** As written in the .changes (may be a meta distribution such as `unstable`). */
    distribution: z.string().min(1),
    /** The .changes `Architecture` field: `source`, `all` and/or architectures. */
    architectures: z.array(z.union([architectureSchema, z.literal('source')])).min(1),
    changedBy: z.string().min(1),
    /** Fingerprint of the key that signed the .changes, null when unsigned. */
    signedBy: fingerprintSchema.nullable(),
    via: z.enum(['ftp', 'http', 'api']),
    /** A retry (UploadRetried): the upload whose stored .changes and files this one takes in again. */
    retryOf: z.string().min(1).optional(),
  }),
);
export type UploadReceived = EventOf<typeof UploadReceived>;
