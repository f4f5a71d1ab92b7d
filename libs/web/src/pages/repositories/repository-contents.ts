import { distributionSettings, formatDistributionName, type DistributionSettings } from '@mbd/archive';
import type { RepositoryConfig } from '@mbd/events';
import type { DistributionSource } from '@mbd/projections';
import type { RepositorySummary } from './repositories.page.js';
import type { DistributionView, PackageRow, PackagesPage } from './repository.page.js';

/** Sources shown per distribution on a repository's page. */
export const PACKAGES_PER_PAGE = 50;

/** Which distribution's table is paged on, and after which source name. */
export interface PackagesPaging {
  readonly distribution?: string;
  readonly after?: string;
}

/** The distributions (not rollbacks) of a repository: codenames in configuration order, suites in layout order. */
export const distributionsOfRepository = (config: RepositoryConfig): DistributionSettings[] =>
  config.codenames.flatMap(({ codename }) =>
    config.layout.suites.flatMap(({ name }) => {
      const settings = distributionSettings(config, codename, name);
      return settings ? [settings] : [];
    }),
  );

/** The read model's rows by distribution name. */
export function byDistribution(state: readonly DistributionSource[]): Map<string, DistributionSource[]> {
  const map = new Map<string, DistributionSource[]>();
  for (const row of state) {
    const rows = map.get(row.distribution) ?? [];
    rows.push(row);
    map.set(row.distribution, rows);
  }
  return map;
}

export function summarizeRepository(config: RepositoryConfig, state: ReadonlyMap<string, readonly DistributionSource[]>): RepositorySummary {
  const distributions = distributionsOfRepository(config);
  const names = new Set(distributions.flatMap((distribution) => (state.get(distribution.name) ?? []).map((row) => row.source)));
  return {
    id: config.repository,
    layout: config.layout.name,
    codenames: config.codenames.map((codename) => codename.codename),
    suites: config.layout.suites.map((suite) => suite.name),
    sources: names.size,
    distributions: distributions.map((distribution) => ({ name: distribution.name, sources: state.get(distribution.name)?.length ?? 0 })),
  };
}

const byCodePoint = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** One page of rows sorted by source name, starting after `after` (keyset paging). */
export function packagesPage(rows: readonly DistributionSource[], after: string | undefined, size: number = PACKAGES_PER_PAGE): PackagesPage {
  const sorted = [...rows].sort((a, b) => byCodePoint(a.source, b.source));
  const rest = after === undefined ? sorted : sorted.filter((row) => byCodePoint(row.source, after) > 0);
  const shown = rest.slice(0, size);
  const toRow = (row: DistributionSource): PackageRow => ({ source: row.source, version: row.version, position: row.position, since: row.since });
  return {
    rows: shown.map(toRow),
    total: rows.length,
    ...(after !== undefined ? { after } : {}),
    ...(rest.length > size ? { next: shown.at(-1)!.source } : {}),
  };
}

/** Each distribution of a repository with its options, a page of its sources and its rollbacks' sizes. */
export function distributionViews(
  config: RepositoryConfig,
  state: ReadonlyMap<string, readonly DistributionSource[]>,
  paging: PackagesPaging = {},
): DistributionView[] {
  return distributionsOfRepository(config).map((settings) => ({
    settings,
    packages: packagesPage(state.get(settings.name) ?? [], paging.distribution === settings.name ? paging.after : undefined),
    rollbacks: Array.from({ length: settings.rollbacks }, (_, rollback) => {
      const name = formatDistributionName({ codename: settings.codename, repository: settings.repository, suite: settings.suite, rollback });
      return { name, sources: state.get(name)?.length ?? 0 };
    }),
  }));
}
