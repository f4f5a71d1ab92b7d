import { z } from 'zod';
import { defineEvent, type EventOf } from '../define-event.js';
import { distributionSchema, sourceNameSchema, versionSchema } from '../schemas.js';

/** A source and its binaries left `distribution` (unless told otherwise, it was moved to rollback0 just before). */
export const PackageRemoved = defineEvent(
  'PackageRemoved',
  1,
  z.object({
    distribution: distributionSchema,
    source: sourceNameSchema,
    version: versionSchema,
    reason: z.string().min(1).optional(),
  }),
);
export type PackageRemoved = EventOf<typeof PackageRemoved>;
