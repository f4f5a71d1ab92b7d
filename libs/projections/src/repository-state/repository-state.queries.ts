import type { EntityManager, FindOptionsWhere } from 'typeorm';
import { RepositoryPackage } from './repository-package.entity.js';

export interface RepositoryStateFilter {
  readonly distribution?: string;
  readonly source?: string;
  /** Keep only the binaries of this architecture (arch:all ones included). */
  readonly architecture?: string;
}

/** A source in a distribution with its binaries. */
export interface DistributionSource {
  readonly distribution: string;
  readonly source: string;
  readonly version: string;
  readonly uploadId: string | null;
  /** Global position of the event that put it there, and when. */
  readonly position: number;
  readonly since: string;
  readonly binaries: { readonly package: string; readonly architecture: string; readonly version: string }[];
}

const byCodePoint = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** What each distribution holds, by distribution then source name. */
export async function listRepositoryState(manager: EntityManager, filter: RepositoryStateFilter = {}): Promise<DistributionSource[]> {
  const where: FindOptionsWhere<RepositoryPackage> = {
    ...(filter.distribution === undefined ? {} : { distribution: filter.distribution }),
    ...(filter.source === undefined ? {} : { source: filter.source }),
  };
  // sorted here, by code points, so SQLite and PostgreSQL (whatever its collation) list alike
  const rows = (await manager.find(RepositoryPackage, { where })).sort(
    (a, b) => byCodePoint(a.distribution, b.distribution) || byCodePoint(a.source, b.source) || byCodePoint(a.package, b.package) || byCodePoint(a.architecture, b.architecture),
  );
  const sources = new Map<string, DistributionSource>();
  for (const row of rows.filter((r) => r.architecture === 'source'))
    sources.set(`${row.distribution}\0${row.source}`, {
      distribution: row.distribution,
      source: row.source,
      version: row.version,
      uploadId: row.uploadId,
      position: row.position,
      since: row.since,
      binaries: [],
    });
  const wanted = (architecture: string) =>
    filter.architecture === undefined || architecture === filter.architecture || architecture === 'all';
  for (const row of rows.filter((r) => r.architecture !== 'source' && wanted(r.architecture)))
    sources.get(`${row.distribution}\0${row.source}`)?.binaries.push({ package: row.package, architecture: row.architecture, version: row.version });
  return [...sources.values()];
}
