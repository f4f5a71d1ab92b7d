import type { DataOf, RepositoryConfig, UploadReceived } from '@mbd/events';
import type { Command } from '../decider.js';
import type { PlacedVersion } from '../distribution/version-checks.js';
import type { LintianResult } from './lintian-verdict.js';

/** Record a complete upload (intake verified its files and stored them as blobs). */
export type ReceiveUpload = Command<'ReceiveUpload', DataOf<typeof UploadReceived>>;

/** The result of `gpg --verify` on the .changes against every key we know. */
export type SignatureCheck =
  | { readonly status: 'valid'; readonly fingerprint: string }
  | { readonly status: 'unsigned' }
  | { readonly status: 'bad'; readonly reason: string };

/** What the packager's process manager gathers before the packager decides. */
export interface UploadFacts {
  readonly repositories: readonly RepositoryConfig[];
  readonly signature: SignatureCheck;
  /** Keys that may upload, per repository (active uploaders). */
  readonly uploaders: readonly { readonly repository: string; readonly fingerprint: string }[];
  /** This instance's archive key: may upload anywhere (ports are signed with it). */
  readonly archiveKey?: string;
  /** lintian on the source package; null when it did not run. */
  readonly lintian: LintianResult | null;
  /** Where the source sits in the target repository (rollbacks excluded), the target distribution included. */
  readonly versionsInRepository: readonly PlacedVersion[];
  /** The .dsc `Architecture` field (`any`, `all`, `amd64 i386`…); when absent every configured architecture builds. */
  readonly sourceArchitectures?: readonly string[];
}

/** The packager's decision on a received upload: accept and request builds, or reject with every reason. */
export type ReviewUpload = Command<'ReviewUpload', UploadFacts>;

/** Packaging failed after building (a mandatory architecture missing, the install refused). */
export type FailUpload = Command<'FailUpload', { readonly reasons: readonly string[] }>;

export type UploadCommand = ReceiveUpload | ReviewUpload | FailUpload;
