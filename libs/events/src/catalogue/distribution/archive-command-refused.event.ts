import { z } from 'zod';
import { defineEvent, type EventOf } from '../define-event.js';
import { distributionSchema, sourceNameSchema, versionSchema } from '../schemas.js';

/** Why an archive command was refused: a closed set, so read models and the API can act on it. */
export const refusalReasonSchema = z.enum([
  'distribution-unknown',
  'distribution-not-uploadable',
  'version-rules',
  'version-exists',
  'version-older',
  'source-absent',
  'version-absent',
  'not-migratable',
  'target-occupied',
  'rollback-absent',
  'architectures-missing',
  /** A port's upload options (MINI_BUILDD_OPTION) are unknown, duplicated or invalid. */
  'upload-options',
  /** port_ext: the .dsc or one of its files could not be downloaded (bad URL, HTTP error, too large, timeout). */
  'dsc-unreachable',
  /** port_ext: the downloaded .dsc is no valid source control file. */
  'dsc-invalid',
  /** port_ext: the .dsc is unsigned or not signed by an uploader key of the repository (or the archive key). */
  'signature-invalid',
  /** port_ext: a file's size or checksum differs from what the .dsc lists. */
  'checksum-mismatch',
]);
export type RefusalReason = z.infer<typeof refusalReasonSchema>;

/** The archive commands that can be refused. */
export const archiveCommandSchema = z.enum(['install', 'migrate', 'remove', 'restore', 'port']);
export type ArchiveCommand = z.infer<typeof archiveCommandSchema>;

/** The archive refused a command (install, migrate, remove, restore, port); nothing published changed. */
export const ArchiveCommandRefused = defineEvent(
  'ArchiveCommandRefused',
  1,
  z.object({
    command: archiveCommandSchema,
    distribution: distributionSchema,
    source: sourceNameSchema,
    version: versionSchema.optional(),
    reason: refusalReasonSchema,
    /** What is wrong, for the person who asked: `foo_1.2-1 already in bookworm-test-unstable`. */
    message: z.string().min(1),
  }),
);
export type ArchiveCommandRefused = EventOf<typeof ArchiveCommandRefused>;
