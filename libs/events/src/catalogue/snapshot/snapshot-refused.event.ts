import { z } from 'zod';
import { defineEvent, type EventOf } from '../define-event.js';
import { distributionSchema } from '../schemas.js';

/** Why a snapshot command was refused: a closed set, so the API can answer with the right status. */
export const snapshotRefusalReasonSchema = z.enum(['not-stable-type', 'name-invalid', 'name-exists', 'snapshot-absent']);
export type SnapshotRefusalReason = z.infer<typeof snapshotRefusalReasonSchema>;

/** A snapshot_create or snapshot_delete was refused; no snapshot changed. */
export const SnapshotRefused = defineEvent(
  'SnapshotRefused',
  1,
  z.object({
    command: z.enum(['create', 'delete']),
    distribution: distributionSchema,
    /** The name asked for, as given (it may be the invalid one), clipped. */
    name: z.string().max(200),
    reason: snapshotRefusalReasonSchema,
    /** What is wrong, for the person who asked. */
    message: z.string().min(1),
  }),
);
export type SnapshotRefused = EventOf<typeof SnapshotRefused>;
