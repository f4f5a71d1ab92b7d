import type { ShowListing } from '../../show/source-listing.js';

/** mini-buildd's `show` facts of one distribution of a source, as the tracker shows them beside its version. */
export interface ShownDistribution {
  readonly repository: string;
  /** Its version (null when only its rollbacks hold the source). */
  readonly version: string | null;
  readonly uploadable: boolean;
  readonly migratesTo: string | null;
  /** The distribution it migrates to holds this very version. */
  readonly isMigrated: boolean;
  /** Where its .dsc is served, when the published tree has it. */
  readonly dscPath: string | null;
  /** Its rollbacks' versions, rollback0 (the version it replaced last) first. */
  readonly rollbacks: readonly { readonly distribution: string; readonly version: string }[];
}

/** The `show` listing of a source by distribution name (pure). */
export function shownDistributions(listing: ShowListing): Map<string, ShownDistribution> {
  const shown = new Map<string, ShownDistribution>();
  for (const [repository, distributions] of Object.entries(listing))
    for (const [distribution, facts] of Object.entries(distributions))
      shown.set(distribution, {
        repository,
        version: facts.version,
        uploadable: facts.uploadable,
        migratesTo: facts.migratesTo,
        isMigrated: facts.isMigrated,
        dscPath: facts.dscPath,
        rollbacks: Object.entries(facts.rollbacks).map(([name, version]) => ({ distribution: name, version: version.version })),
      });
  return shown;
}
