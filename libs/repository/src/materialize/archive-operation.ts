import type { FileRef } from '@mbd/events';
import type { RepreproDistribution } from '../reprepro/reprepro.port.js';

/**
 * One change to a repository's reprepro tree, in the archive's words. The archive reactor turns each
 * event into operations (plan-archive-operations.ts) and a tree applies them (apply-archive-operations.ts).
 * Every operation is idempotent: applying it to a tree that already shows its effect changes nothing.
 */
export type ArchiveOperation =
  | { readonly kind: 'configure'; readonly repository: string; readonly distributions: readonly RepreproDistribution[] }
  /** Puts a source version and its binaries (files from the blob store) into a distribution. */
  | {
      readonly kind: 'include';
      readonly repository: string;
      readonly distribution: string;
      readonly source: string;
      readonly version: string;
      readonly files: readonly FileRef[];
    }
  /** Copies `version` of `source` (with its binaries) from one distribution to another. */
  | {
      readonly kind: 'copy';
      readonly repository: string;
      readonly to: string;
      readonly from: string;
      readonly source: string;
      readonly version: string;
    }
  /** Removes `version` of `source` (with its binaries) from a distribution, if it is there. */
  | {
      readonly kind: 'remove';
      readonly repository: string;
      readonly distribution: string;
      readonly source: string;
      readonly version: string;
    };
