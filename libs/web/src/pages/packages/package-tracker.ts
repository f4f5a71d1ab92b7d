import { distributionsOf, migrationPath, parseDistributionName, resolveDistribution } from '@mbd/archive';
import type { RepositoryConfig } from '@mbd/events';
import type { DistributionSource } from '@mbd/projections';
import type { StoryEvent } from '../uploads/event-words.js';

/** What a signed-in viewer may do with the version in one distribution (each an action form on the tracker). */
export interface DistributionActions {
  /** The distribution the next migration copies it to (the suite this one migrates to). */
  readonly migrateTo?: string;
  /** The last distribution of the whole migration chain, when it lies beyond `migrateTo`. */
  readonly migrateThrough?: string;
  /** A distribution itself (not a rollback): its version can be removed. */
  readonly removable?: boolean;
  /** The uploadable distributions of its repository its version can be ported to (itself: a rebuild), mini-buildd's `port`. */
  readonly portTo?: readonly string[];
  /** A rollback: the version kept there can be restored into its distribution… */
  readonly restore?: {
    readonly into: string;
    readonly rollback: number;
    /** …unless the distribution holds a version of the source (the decider refuses then: it must be removed first). */
    readonly blockedBy?: string;
  };
}

/**
 * The actions the configuration allows for each place the source is in (pure): migrate along the
 * configured migration path (as ArchiveCommandsService finds the target), remove, port to an uploadable
 * distribution of its repository, restore from a rollback. A distribution the configuration no longer
 * knows gets none.
 */
export function distributionActions(repositories: readonly RepositoryConfig[], placements: readonly DistributionSource[]): Map<string, DistributionActions> {
  const actions = new Map<string, DistributionActions>();
  for (const placement of placements) {
    const resolved = resolveDistribution(repositories, placement.distribution);
    if (!resolved.ok) {
      actions.set(placement.distribution, {});
      continue;
    }
    const { settings, config, rollback } = resolved;
    if (rollback !== undefined) {
      const current = placements.find((other) => other.distribution === settings.name);
      actions.set(placement.distribution, { restore: { into: settings.name, rollback, ...(current ? { blockedBy: current.version } : {}) } });
      continue;
    }
    const path = migrationPath(config, settings.codename, settings.suite, true);
    const last = path.at(-1)?.to.name;
    const portTo = distributionsOf(config).filter((distribution) => distribution.rollback === undefined && distribution.uploadable);
    actions.set(placement.distribution, {
      removable: true,
      ...(portTo.length > 0 ? { portTo: portTo.map((distribution) => distribution.name) } : {}),
      ...(path[0] ? { migrateTo: path[0].to.name } : {}),
      ...(path.length > 1 && last ? { migrateThrough: last } : {}),
    });
  }
  return actions;
}

/** The event types that put a version somewhere: the steps of a lineage (lineageOf), read by type. */
export const placingEventTypes = ['PackageInstalled', 'PackageMigrated', 'PackageRestored', 'PackageRotatedToRollback'] as const;

const field = (data: unknown, name: string): unknown => (typeof data === 'object' && data !== null ? (data as Record<string, unknown>)[name] : undefined);
const rollbackOf = (distribution: string): string => `${distribution}-rollback`;

/** Where an event put a version (a rollback counts as `<distribution>-rollback`), or undefined. */
const placedBy = (event: StoryEvent): string | undefined => {
  const distribution = field(event.data, 'distribution');
  switch (event.type) {
    case 'PackageInstalled':
    case 'PackageRestored':
      return typeof distribution === 'string' ? distribution : undefined;
    case 'PackageMigrated': {
      const to = field(event.data, 'to');
      return typeof to === 'string' ? to : undefined;
    }
    case 'PackageRotatedToRollback':
      return typeof distribution === 'string' ? rollbackOf(distribution) : undefined;
    default:
      return undefined;
  }
};

/** Where the version an event placed came from: a distribution, a rollback, or nowhere (an upload's install). */
const cameFrom = (event: StoryEvent): string | undefined => {
  const distribution = field(event.data, 'distribution');
  switch (event.type) {
    case 'PackageMigrated': {
      const from = field(event.data, 'from');
      return typeof from === 'string' ? from : undefined;
    }
    case 'PackageRestored':
      return typeof distribution === 'string' ? rollbackOf(distribution) : undefined;
    case 'PackageRotatedToRollback':
      return typeof distribution === 'string' ? distribution : undefined;
    default:
      return undefined;
  }
};

/**
 * The chain of events that put `placement`'s version where it is (pure), oldest first: its upload's
 * arrival, its install, each migration, each trip through a rollback and back. Read backwards from the
 * latest event at or before the placement's position that put this version there; `events` are the
 * source's events in global order.
 */
export function lineageOf(placement: Pick<DistributionSource, 'distribution' | 'version' | 'position'>, events: readonly StoryEvent[]): StoryEvent[] {
  const name = parseDistributionName(placement.distribution);
  let where: string | undefined =
    name?.rollback === undefined ? placement.distribution : rollbackOf(`${name.codename}-${name.repository}-${name.suite}`);
  let before = placement.position + 1;
  const chain: StoryEvent[] = [];
  while (where !== undefined && chain.length < 100) {
    const place = where;
    const step = events.findLast((event) => event.position < before && field(event.data, 'version') === placement.version && placedBy(event) === place);
    if (!step) break;
    chain.unshift(step);
    where = cameFrom(step);
    before = step.position;
  }
  const uploadId = uploadOfLineage(chain);
  const arrival = uploadId === undefined ? undefined : events.find((event) => event.type === 'UploadReceived' && field(event.data, 'uploadId') === uploadId);
  return arrival ? [arrival, ...chain] : chain;
}

/** The upload whose install starts a lineage (its arrival, UploadReceived, opens the lineage then). */
export function uploadOfLineage(lineage: readonly StoryEvent[]): string | undefined {
  const install = lineage.find((event) => event.type !== 'UploadReceived');
  const uploadId = install?.type === 'PackageInstalled' ? field(install.data, 'uploadId') : undefined;
  return typeof uploadId === 'string' ? uploadId : undefined;
}

/**
 * Whether a lineage reaches back to where its version entered the archive (an install, or a step from
 * nowhere the events tell); otherwise an earlier step is missing from the events it was read from.
 */
export function lineageReachesItsStart(lineage: readonly StoryEvent[]): boolean {
  const first = lineage.find((event) => event.type !== 'UploadReceived');
  return first !== undefined && cameFrom(first) === undefined;
}

/** lintian's verdict on a source version or one of its builds. */
export interface LintianResult {
  readonly position: number;
  readonly version: string;
  /** `source`, or the architecture of a build. */
  readonly architecture: string;
  readonly buildId?: string;
  readonly errors: number;
  readonly warnings: number;
  readonly tags: readonly string[];
}

/**
 * The lintian results among a source's events (pure), newest first. A build's version and architecture
 * come from its BuildRequested among `events` or from `known` builds (the build queue's rows).
 */
export function lintianResults(
  events: readonly StoryEvent[],
  known: Iterable<{ readonly buildId: string; readonly version: string; readonly architecture: string }> = [],
): LintianResult[] {
  const builds = new Map<string, { version: string; architecture: string }>();
  for (const build of known) builds.set(build.buildId, { version: build.version, architecture: build.architecture });
  const results: LintianResult[] = [];
  // the fields are read by type (the events were validated when appended): no schema parse per event
  for (const event of events) {
    if (event.type === 'BuildRequested') {
      const buildId = field(event.data, 'buildId');
      const version = field(event.data, 'version');
      const architecture = field(event.data, 'architecture');
      if (typeof buildId === 'string' && typeof version === 'string' && typeof architecture === 'string') builds.set(buildId, { version, architecture });
    } else if (event.type === 'BuildSucceeded') {
      const buildId = field(event.data, 'buildId');
      const lintian = counts(field(event.data, 'lintian'));
      const build = typeof buildId === 'string' ? builds.get(buildId) : undefined;
      if (lintian && build) results.push({ position: event.position, ...build, buildId: buildId as string, ...lintian });
    } else if (event.type === 'SourceLinted') {
      const version = field(event.data, 'version');
      const lintian = counts(field(event.data, 'lintian'));
      if (lintian && typeof version === 'string') results.push({ position: event.position, version, architecture: 'source', ...lintian });
    }
  }
  return results.reverse();
}

/** lintian's counts and tags as an event carries them, or undefined (none, or not of that shape). */
function counts(value: unknown): Pick<LintianResult, 'errors' | 'warnings' | 'tags'> | undefined {
  const errors = field(value, 'errors');
  const warnings = field(value, 'warnings');
  const tags = field(value, 'tags');
  if (typeof errors !== 'number' || typeof warnings !== 'number') return undefined;
  return { errors, warnings, tags: Array.isArray(tags) ? tags.filter((tag): tag is string => typeof tag === 'string') : [] };
}

/** A source package found by the search, with its version in each distribution. */
export interface PackageSummary {
  readonly source: string;
  readonly placements: readonly { readonly distribution: string; readonly version: string }[];
}

/**
 * The source packages whose name contains `query` (case-insensitive), by name (pure): an in-memory
 * grouping of the repository state until the read models have a query for distinct sources.
 */
export function findPackages(state: readonly DistributionSource[], query: string): PackageSummary[] {
  const needle = query.trim().toLowerCase();
  const bySource = new Map<string, { distribution: string; version: string }[]>();
  for (const row of state) {
    if (needle && !row.source.includes(needle)) continue;
    const placements = bySource.get(row.source) ?? [];
    placements.push({ distribution: row.distribution, version: row.version });
    bySource.set(row.source, placements);
  }
  return [...bySource.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([source, placements]) => ({ source, placements }));
}
