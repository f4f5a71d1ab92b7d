import { z } from 'zod';
import { defineEvent, type EventOf } from '../define-event.js';
import { builderNamePattern } from './builder-stream.js';

/** Why a remote builder's result was refused: a closed set, so the API answers with the right status. */
export const buildResultRefusalSchema = z.enum(['not-claimed', 'bad-signature', 'key-not-approved', 'bad-manifest', 'checksum-mismatch', 'missing-file']);
export type BuildResultRefusal = z.infer<typeof buildResultRefusalSchema>;

/**
 * A remote builder's result was refused; nothing of it was recorded, and a build it still held is
 * claimable again (re-queued).
 */
export const BuildResultRefused = defineEvent(
  'BuildResultRefused',
  1,
  z.object({
    builder: z.string().regex(builderNamePattern),
    buildId: z.string().min(1).max(200),
    reason: buildResultRefusalSchema,
    /** What is wrong, for the builder's operator. */
    message: z.string().min(1).max(2000),
    /** True when the build was re-queued because of it. */
    requeued: z.boolean(),
  }),
);
export type BuildResultRefused = EventOf<typeof BuildResultRefused>;
