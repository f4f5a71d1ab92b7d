import type { Binary, FileRef } from '@mbd/events';
import type { DistributionSettings } from '../configuration/distribution-settings.js';
import type { Command } from '../decider.js';
import type { PackageContent } from './distribution.state.js';
import type { PlacedVersion, Refusal } from './version-checks.js';

/**
 * Commands on one distribution stream. Each carries the settings of the distributions it involves and
 * the facts from outside the stream (read models), gathered by the caller.
 */

/** Install a source and its binaries (all architectures) into `distribution`. */
export type InstallPackage = Command<
  'InstallPackage',
  {
    readonly distribution: DistributionSettings;
    readonly source: string;
    readonly version: string;
    readonly uploadId?: string;
    readonly files: readonly FileRef[];
    readonly binaries: readonly Binary[];
    /** Where the source sits elsewhere in the repository, rollbacks excluded. */
    readonly versionsInRepository?: readonly PlacedVersion[];
  }
>;

/** Copy what `from` holds of `source` into `to`, the distribution `from` migrates to (decided on the stream of `to`). */
export type MigratePackage = Command<
  'MigratePackage',
  {
    readonly from: DistributionSettings;
    readonly to: DistributionSettings;
    readonly source: string;
    /** What `from` holds of `source` (null when nothing), read from the stream of `from`. */
    readonly package: PackageContent | null;
  }
>;

/** Remove `source` from `distribution`; it goes to rollback0 unless `withoutRollback`. */
export type RemovePackage = Command<
  'RemovePackage',
  {
    readonly distribution: DistributionSettings;
    readonly source: string;
    /** When given, only this version is removed. */
    readonly version?: string;
    readonly withoutRollback?: boolean;
    readonly reason?: string;
  }
>;

/** Remove `source` from `<distribution>-rollback<rollback>`; the higher rollbacks move down. */
export type RemovePackageFromRollback = Command<
  'RemovePackageFromRollback',
  { readonly distribution: DistributionSettings; readonly source: string; readonly rollback: number }
>;

/** Copy `version` of `source` back from a rollback into `distribution`, which must not hold the source. */
export type RestorePackage = Command<
  'RestorePackage',
  { readonly distribution: DistributionSettings; readonly source: string; readonly version: string }
>;

/** Where a port takes its source from: a distribution of ours, or a .dsc anywhere. */
export type PortOrigin =
  | { readonly kind: 'internal'; readonly from: DistributionSettings; readonly package: PackageContent | null }
  | {
      readonly kind: 'external';
      readonly url: string;
      readonly version: string;
      /** The downloaded .dsc and its files, checked and stored as blobs. */
      readonly files?: readonly FileRef[];
      /** Who signed the .dsc, or `unauthenticated` when the caller allowed an unsigned one. */
      readonly signedBy?: string;
      readonly unauthenticated?: boolean;
      /** Why the .dsc could not be taken (download, signature, checksums): the port is refused with it. */
      readonly problem?: Refusal;
    };

/** Port `source` to `to` under a new version (decided on the stream of `to`); the port then arrives as an upload. */
export type PortPackage = Command<
  'PortPackage',
  {
    readonly to: DistributionSettings;
    readonly source: string;
    readonly origin: PortOrigin;
    /** The port's version, instead of the one the port version rules give (mini-buildd's `--version`). */
    readonly version?: string;
    /** Upload options for the port's changelog entry (`key=value`). */
    readonly options?: readonly string[];
    readonly versionsInRepository?: readonly PlacedVersion[];
  }
>;

export type DistributionCommand =
  | InstallPackage
  | MigratePackage
  | RemovePackage
  | RemovePackageFromRollback
  | RestorePackage
  | PortPackage;
