import { parseDistributionName, resolveDistribution } from '@mbd/archive';
import { compareVersions } from '@mbd/debian';
import type { RepositoryConfig } from '@mbd/events';
import { uploadHref } from '../pages/uploads/event-words.js';
import { dscUrlOf } from './pool-path.js';

/** A source version in one distribution or rollback, as the repository state holds it, with the component its .dsc was found in. */
export interface Placement {
  /** `<codename>-<repository>-<suite>[-rollback<N>]`. */
  readonly distribution: string;
  readonly version: string;
  readonly uploadId: string | null;
  readonly since: string;
  /** The component whose pool holds its .dsc; null when the published tree does not have it (yet). */
  readonly component: string | null;
}

/** mini-buildd's `ls`/`show` options: lists are "any of", versions exact or at least. */
export interface ListingFilter {
  readonly repositories?: readonly string[];
  readonly codenames?: readonly string[];
  readonly version?: string;
  readonly minVersion?: string;
}

/** One version in `ls`: mini-buildd's `{version, component, architecture}` (a source is always `source`). */
export interface LsVersion {
  readonly version: string;
  readonly component: string | null;
  readonly architecture: 'source';
}

/** A distribution in `ls`: its version (null when only its rollbacks hold the source) and its rollbacks by name. */
export interface LsDistribution {
  readonly version: string | null;
  readonly component: string | null;
  readonly architecture: 'source';
  readonly rollbacks: Record<string, LsVersion>;
}

/** `ls`: repository → distribution → what it holds of the source. */
export type LsListing = Record<string, Record<string, LsDistribution>>;

/** The upload a version came from (mini-buildd's changes path): its id and its page. */
export interface ChangesRef {
  readonly uploadId: string;
  readonly href: string;
}

/** One version in `show`: the `ls` fields, where its .dsc is served, the upload it came from, and since when it is there. */
export interface ShowVersion extends LsVersion {
  /** URL path of the .dsc in the repository's pool (`/repositories/<id>/pool/…`); null when the tree does not have it. */
  readonly dscPath: string | null;
  readonly changes: readonly ChangesRef[];
  readonly since: string;
}

/** A distribution in `show`: `ls` enriched with the suite's state (mini-buildd's package tracker). */
export interface ShowDistribution {
  readonly version: string | null;
  readonly component: string | null;
  readonly architecture: 'source';
  readonly dscPath: string | null;
  readonly changes: readonly ChangesRef[];
  readonly since: string | null;
  /** The suite takes uploads. */
  readonly uploadable: boolean;
  /** The distribution its versions migrate to, or null. */
  readonly migratesTo: string | null;
  /** The distribution it migrates to holds this very version. */
  readonly isMigrated: boolean;
  readonly rollbacks: Record<string, ShowVersion>;
}

export type ShowListing = Record<string, Record<string, ShowDistribution>>;

/** A distribution's own placement and its rollbacks' (rollback0 first). */
interface Group {
  readonly repository: string;
  readonly distribution: string;
  readonly current?: Placement;
  readonly rollbacks: readonly Placement[];
}

const versionWanted = (filter: ListingFilter) => (placement: Placement): boolean =>
  (filter.version === undefined || placement.version === filter.version) &&
  (filter.minVersion === undefined || compareVersions(placement.version, filter.minVersion) >= 0);

const byCodePoint = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Groups the placements by repository and distribution (a rollback under the distribution it keeps
 * versions of), keeping the repositories, codenames and versions the filter asks for; a distribution
 * left with nothing is left out. Sorted by repository, then distribution name, rollbacks by number.
 */
function groupsOf(placements: readonly Placement[], filter: ListingFilter): Group[] {
  const wanted = versionWanted(filter);
  const groups = new Map<string, { repository: string; distribution: string; current?: Placement; rollbacks: { slot: number; placement: Placement }[] }>();
  for (const placement of placements) {
    const name = parseDistributionName(placement.distribution);
    if (!name) continue;
    if (filter.repositories?.length && !filter.repositories.includes(name.repository)) continue;
    if (filter.codenames?.length && !filter.codenames.includes(name.codename)) continue;
    if (!wanted(placement)) continue;
    const distribution = `${name.codename}-${name.repository}-${name.suite}`;
    const group = groups.get(distribution) ?? { repository: name.repository, distribution, rollbacks: [] };
    groups.set(distribution, group);
    if (name.rollback === undefined) group.current = placement;
    else group.rollbacks.push({ slot: name.rollback, placement });
  }
  return [...groups.values()]
    .sort((a, b) => byCodePoint(a.repository, b.repository) || byCodePoint(a.distribution, b.distribution))
    .map((group) => ({ ...group, rollbacks: group.rollbacks.sort((a, b) => a.slot - b.slot).map((entry) => entry.placement) }));
}

const lsVersion = (placement: Placement): LsVersion => ({ version: placement.version, component: placement.component, architecture: 'source' });

const into = <T>(listing: Record<string, Record<string, T>>, group: Group, value: T): void => {
  (listing[group.repository] ??= {})[group.distribution] = value;
};

/** mini-buildd's `ls` of one source from its placements (pure). */
export function lsOf(placements: readonly Placement[], filter: ListingFilter = {}): LsListing {
  const listing: LsListing = {};
  for (const group of groupsOf(placements, filter))
    into(listing, group, {
      version: group.current?.version ?? null,
      component: group.current?.component ?? null,
      architecture: 'source',
      rollbacks: Object.fromEntries(group.rollbacks.map((placement) => [placement.distribution, lsVersion(placement)])),
    });
  return listing;
}

const changesOf = (placement: Placement): ChangesRef[] => (placement.uploadId === null ? [] : [{ uploadId: placement.uploadId, href: uploadHref(placement.uploadId) }]);

const showVersion = (repository: string, source: string, placement: Placement): ShowVersion => ({
  ...lsVersion(placement),
  dscPath: placement.component === null ? null : dscUrlOf(repository, placement.component, source, placement.version),
  changes: changesOf(placement),
  since: placement.since,
});

/**
 * mini-buildd's `show` of one source (pure): `ls` with each version's .dsc URL and upload, and per
 * distribution whether its suite is uploadable, where it migrates to and whether this version is
 * there already (`isMigrated`, looked up among all `placements`, whatever the filter keeps). A
 * distribution the configuration no longer has is neither uploadable nor migrating.
 */
export function showOf(source: string, placements: readonly Placement[], repositories: readonly RepositoryConfig[], filter: ListingFilter = {}): ShowListing {
  const listing: ShowListing = {};
  for (const group of groupsOf(placements, filter)) {
    const resolved = resolveDistribution(repositories, group.distribution);
    const settings = resolved.ok ? resolved.settings : undefined;
    const migratesTo = settings?.migratesTo ?? null;
    const current = group.current && showVersion(group.repository, source, group.current);
    const there = migratesTo === null ? undefined : placements.find((placement) => placement.distribution === migratesTo);
    into(listing, group, {
      version: current?.version ?? null,
      component: current?.component ?? null,
      architecture: 'source',
      dscPath: current?.dscPath ?? null,
      changes: current?.changes ?? [],
      since: current?.since ?? null,
      uploadable: settings?.uploadable ?? false,
      migratesTo,
      isMigrated: current !== undefined && there?.version === current.version,
      rollbacks: Object.fromEntries(group.rollbacks.map((placement) => [placement.distribution, showVersion(group.repository, source, placement)])),
    });
  }
  return listing;
}
