import type { Binary, DistributionEvent, FileRef } from '@mbd/events';
import { assertNever } from '../decider.js';

/** A source version with the files and binaries that make it up. */
export interface PackageContent {
  readonly version: string;
  readonly files: readonly FileRef[];
  readonly binaries: readonly Binary[];
}

/** What one distribution holds: one version per source, and per source its rollbacks (index k = rollback<k>). */
export interface DistributionState {
  readonly packages: ReadonlyMap<string, PackageContent>;
  readonly rollbacks: ReadonlyMap<string, readonly PackageContent[]>;
}

export const initialDistributionState = (): DistributionState => ({ packages: new Map(), rollbacks: new Map() });

const withEntry = <V>(map: ReadonlyMap<string, V>, key: string, value: V | undefined): ReadonlyMap<string, V> => {
  const next = new Map(map);
  if (value === undefined || (Array.isArray(value) && value.length === 0)) next.delete(key);
  else next.set(key, value);
  return next;
};

/** The content of each version named in `versions`, taken from `known`; a version it does not know means a broken log. */
const contentsOf = (versions: readonly string[], known: readonly PackageContent[], what: string): PackageContent[] =>
  versions.map((version) => {
    const content = known.find((entry) => entry.version === version);
    if (!content) throw new Error(`${what}: version ${version} was never in this distribution or its rollbacks`);
    return content;
  });

export const evolveDistribution = (state: DistributionState, event: DistributionEvent): DistributionState => {
  switch (event.type) {
    case 'PackageInstalled':
    case 'PackageMigrated':
    case 'PackageRestored': {
      const { source, version, files, binaries } = event.data;
      return { ...state, packages: withEntry(state.packages, source, { version, files, binaries }) };
    }
    case 'PackageRemoved':
      return { ...state, packages: withEntry(state.packages, event.data.source, undefined) };
    case 'PackageRotatedToRollback': {
      const { source, distribution } = event.data;
      const current = state.packages.get(source);
      const known = [...(current ? [current] : []), ...(state.rollbacks.get(source) ?? [])];
      const rollbacks = contentsOf(event.data.rollbacks, known, `PackageRotatedToRollback of ${source} in ${distribution}`);
      return { ...state, rollbacks: withEntry(state.rollbacks, source, rollbacks) };
    }
    case 'PackageRemovedFromRollback': {
      const { source, distribution } = event.data;
      const known = state.rollbacks.get(source) ?? [];
      const rollbacks = contentsOf(event.data.rollbacks, known, `PackageRemovedFromRollback of ${source} in ${distribution}`);
      return { ...state, rollbacks: withEntry(state.rollbacks, source, rollbacks) };
    }
    case 'PackagePorted':
    case 'ArchiveCommandRefused':
      return state;
    default:
      return assertNever(event, 'distribution event');
  }
};
