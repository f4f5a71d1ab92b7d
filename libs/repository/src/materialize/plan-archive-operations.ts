import { distributionsOf, formatDistributionName, parseDistributionName } from '@mbd/archive';
import {
  PackageInstalled,
  PackageMigrated,
  PackageRemoved,
  PackageRemovedFromRollback,
  PackageRestored,
  PackageRotatedToRollback,
  RepositoryChanged,
  RepositoryCreated,
  validateEvent,
  type Event,
  type RepositoryConfig,
} from '@mbd/events';
import type { RepreproDistribution } from '../reprepro/reprepro.port.js';
import type { ArchiveOperation } from './archive-operation.js';

/** The event types that change a published tree; everything else in the log leaves reprepro alone. */
const handled = new Set<string>([
  RepositoryCreated.type,
  RepositoryChanged.type,
  PackageInstalled.type,
  PackageMigrated.type,
  PackageRemoved.type,
  PackageRotatedToRollback.type,
  PackageRemovedFromRollback.type,
  PackageRestored.type,
]);

/** True for the events that change a published tree (the archive reactor follows only these). */
export const changesPublishedTrees = (event: Event): boolean => handled.has(event.type);

const repositoryOf = (distribution: string): string => {
  const parsed = parseDistributionName(distribution);
  if (!parsed) throw new Error(`"${distribution}" is not a distribution name <codename>-<repository>-<suite>[-rollback<N>]`);
  return parsed.repository;
};

const rollbackOf = (distribution: string, rollback: number): string => {
  const parsed = parseDistributionName(distribution);
  if (!parsed) throw new Error(`"${distribution}" is not a distribution name <codename>-<repository>-<suite>`);
  return formatDistributionName({ ...parsed, rollback });
};

/** The reprepro stanzas of a repository: every distribution and rollback of its configuration. */
export const repreproDistributionsOf = (config: RepositoryConfig): RepreproDistribution[] =>
  distributionsOf(config).map((distribution) => ({
    name: distribution.name,
    origin: `mbd archive ${config.repository}`,
    label: distribution.name,
    description: distribution.rollback === undefined ? distribution.name : `${distribution.name} (replaced versions)`,
    architectures: distribution.architectures,
    components: distribution.components,
    notAutomatic: distribution.notAutomatic,
    butAutomaticUpgrades: distribution.butAutomaticUpgrades,
  }));

/**
 * Rotation into the rollbacks (see PackageRotatedToRollback): from the highest slot down, each slot
 * drops what it held before (the version that moved up, or the versions dropped from the last slot)
 * and takes the version below it; rollback0 takes the version from the distribution.
 */
const rotate = (repository: string, distribution: string, source: string, rollbacks: readonly string[], dropped: readonly string[]): ArchiveOperation[] =>
  rollbacks.flatMap((_, index) => {
    const slot = rollbacks.length - 1 - index;
    const target = rollbackOf(distribution, slot);
    const version = rollbacks[slot]!;
    const heldBefore = slot + 1 < rollbacks.length ? [rollbacks[slot + 1]!] : dropped;
    return [
      ...heldBefore
        .filter((old) => old !== version)
        .map((old): ArchiveOperation => ({ kind: 'remove', repository, distribution: target, source, version: old })),
      { kind: 'copy', repository, to: target, from: slot === 0 ? distribution : rollbackOf(distribution, slot - 1), source, version },
    ];
  });

/** A version left a rollback slot: it is removed there and every higher slot moves down by one. */
const compact = (repository: string, distribution: string, source: string, removed: string, slot: number, rollbacks: readonly string[]): ArchiveOperation[] => [
  { kind: 'remove', repository, distribution: rollbackOf(distribution, slot), source, version: removed },
  ...rollbacks.slice(slot).flatMap((version, offset): ArchiveOperation[] => {
    const to = rollbackOf(distribution, slot + offset);
    const from = rollbackOf(distribution, slot + offset + 1);
    return [
      { kind: 'copy', repository, to, from, source, version },
      { kind: 'remove', repository, distribution: from, source, version },
    ];
  }),
];

/** What one log event does to the published trees (nothing for events that do not touch them). */
export function planArchiveOperations(recorded: Event): ArchiveOperation[] {
  if (!handled.has(recorded.type)) return [];
  const event = validateEvent(recorded);
  switch (event.type) {
    case 'RepositoryCreated':
    case 'RepositoryChanged':
      return [{ kind: 'configure', repository: event.data.repository, distributions: repreproDistributionsOf(event.data) }];
    case 'PackageInstalled': {
      const { distribution, source, version, files, replaced } = event.data;
      const repository = repositoryOf(distribution);
      return [
        ...(replaced ? [{ kind: 'remove', repository, distribution, source, version: replaced } as const] : []),
        { kind: 'include', repository, distribution, source, version, files },
      ];
    }
    case 'PackageMigrated': {
      const { from, to, source, version, replaced } = event.data;
      const repository = repositoryOf(to);
      return [
        ...(replaced ? [{ kind: 'remove', repository, distribution: to, source, version: replaced } as const] : []),
        { kind: 'copy', repository, to, from, source, version },
      ];
    }
    case 'PackageRemoved': {
      const { distribution, source, version } = event.data;
      return [{ kind: 'remove', repository: repositoryOf(distribution), distribution, source, version }];
    }
    case 'PackageRotatedToRollback': {
      const { distribution, source, rollbacks, dropped } = event.data;
      return rotate(repositoryOf(distribution), distribution, source, rollbacks, dropped);
    }
    case 'PackageRemovedFromRollback': {
      const { distribution, source, version, rollback, rollbacks } = event.data;
      return compact(repositoryOf(distribution), distribution, source, version, rollback, rollbacks);
    }
    case 'PackageRestored': {
      const { distribution, source, version, rollback } = event.data;
      return [{ kind: 'copy', repository: repositoryOf(distribution), to: distribution, from: rollbackOf(distribution, rollback), source, version }];
    }
    default:
      return [];
  }
}
