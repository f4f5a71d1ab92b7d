import type { ArchiveCommandRefused } from './archive-command-refused.event.js';
import type { PackageInstalled } from './package-installed.event.js';
import type { PackageMigrated } from './package-migrated.event.js';
import type { PackagePorted } from './package-ported.event.js';
import type { PackageRemovedFromRollback } from './package-removed-from-rollback.event.js';
import type { PackageRemoved } from './package-removed.event.js';
import type { PackageRestored } from './package-restored.event.js';
import type { PackageRotatedToRollback } from './package-rotated-to-rollback.event.js';

/** Everything in a distribution stream (`dist-<codename>-<repository>-<suite>`), its rollbacks included. */
export type DistributionEvent =
  | PackageInstalled
  | PackageMigrated
  | PackageRemoved
  | PackageRotatedToRollback
  | PackageRemovedFromRollback
  | PackageRestored
  | PackagePorted
  | ArchiveCommandRefused;
