import type { DataOf, FileRef, RepositoryConfig, UploadReceived } from '@mbd/events';
import type { Command } from '../decider.js';
import type { PlacedVersion } from '../distribution/version-checks.js';
import type { LintianResult } from './check-verdict.js';

/** Record a complete upload (intake verified its files and stored them as blobs). */
export type ReceiveUpload = Command<'ReceiveUpload', DataOf<typeof UploadReceived>>;

/** The result of `gpg --verify` on the .changes against every key we know. */
export type SignatureCheck =
  | { readonly status: 'valid'; readonly fingerprint: string }
  | { readonly status: 'unsigned' }
  | { readonly status: 'bad'; readonly reason: string };

/** What the .dsc of an upload says, or why it could not be read. */
export type DscFacts =
  | {
      readonly name: string;
      readonly source: string;
      readonly version: string;
      /** The .dsc `Architecture` field (`any`, `all`, `amd64 i386`…). */
      readonly architectures: readonly string[];
      /** The files it names, with their SHA-256. */
      readonly files: readonly { readonly name: string; readonly sha256: string; readonly size: number }[];
    }
  | { readonly name: string; readonly problem: string };

/** What the packager's process manager gathers before the packager decides: only cheap facts, nothing unpacked. */
export interface UploadFacts {
  readonly repositories: readonly RepositoryConfig[];
  readonly signature: SignatureCheck;
  /** Keys that may upload, per repository (active uploaders). */
  readonly uploaders: readonly { readonly repository: string; readonly fingerprint: string }[];
  /** This instance's archive key: may upload anywhere (ports are signed with it). */
  readonly archiveKey?: string;
  /** Where the source sits in the target repository (rollbacks excluded), the target distribution included. */
  readonly versionsInRepository: readonly PlacedVersion[];
  /** The upload's .dsc; absent when the upload has none. */
  readonly dsc?: DscFacts;
  /** Files of this source already in the target repository's pool, by file name. */
  readonly pool?: ReadonlyMap<string, FileRef>;
  /** The .changes `Changes` field (as parseChanges gives it): its top block's MINI_BUILDD_OPTION lines are the upload options. */
  readonly changes?: string;
}
/** The packager's decision on a received upload: accept and request builds, or reject with every reason. */
export type ReviewUpload = Command<'ReviewUpload', UploadFacts>;

/** lintian's result on the source of an accepted upload (null: it could not finish, `reason` says why). */
export type RecordSourceLintian = Command<'RecordSourceLintian', { readonly lintian: LintianResult | null; readonly reason?: string }>;
/** The daemon could not review a received upload at all (a follower gave up on it): rejected with that reason, retriable. */
export type RejectUpload = Command<'RejectUpload', { readonly reasons: readonly string[] }>;
/** Packaging failed after building (a mandatory architecture missing, the install refused). */
export type FailUpload = Command<'FailUpload', { readonly reasons: readonly string[] }>;

/** Where the latest retry of an upload stands, as its own stream says (`initial`: it was never taken in). */
export interface PreviousRetry {
  readonly uploadId: string;
  readonly status: 'initial' | 'received' | 'rejected' | 'accepted' | 'failed';
}

/**
 * Take a rejected or failed upload in again as `retryUploadId` (mini-buildd's `retry`), e.g. after a
 * configuration change; the facts come from the caller: the latest retry's state and the upload's files
 * the blob store no longer has.
 */
export type RetryUpload = Command<
  'RetryUpload',
  {
    /** The upload to retry (the stream's). */
    readonly uploadId: string;
    readonly retryUploadId: string;
    readonly reason?: string;
    readonly previousRetry?: PreviousRetry;
    readonly missingFiles: readonly string[];
  }
>;

export type UploadCommand = ReceiveUpload | ReviewUpload | FailUpload | RecordSourceLintian | RejectUpload | RetryUpload;
