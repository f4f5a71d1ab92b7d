import { distributionSettings, snapshotRefusal, type Snapshot } from '@mbd/archive';
import { publicHostOf } from '@mbd/config';
import { repositoryUrl } from '@mbd/debian';
import type { RepositoryConfig } from '@mbd/events';
import { experimentalDistributions, keyringDistributions } from '@mbd/workflows';
import { sourcesListOf, uploadableOf, type SnippetConfig } from '../../repositories/repository-snippets.js';

/** A snapshot as the repository page lists it: where apt reads it and its sources.list lines. */
export interface SnapshotView extends Snapshot {
  /** `/repositories/<id>/dists/<distribution>/snapshots/<name>/`. */
  readonly path: string;
  /** mini-buildd's `sources_list --snapshot <name>` for this distribution alone. */
  readonly sourcesList: string;
}

/** A stable-type distribution (the only kind that has snapshots) with its snapshots, oldest first. */
export interface DistributionSnapshots {
  readonly distribution: string;
  readonly snapshots: readonly SnapshotView[];
}

/**
 * Every stable-type distribution of the repository, in configuration order, with the snapshots
 * SnapshotsService.ofRepository found for it (pure); the sources.list lines come from the same helper
 * as `/repositories/<id>/sources.list?snapshot=`.
 */
export function snapshotViews(config: SnippetConfig, repository: RepositoryConfig, snapshots: readonly (Snapshot & { readonly distribution: string })[]): DistributionSnapshots[] {
  const id = repository.repository;
  return repository.codenames.flatMap(({ codename }) =>
    repository.layout.suites.flatMap(({ name: suite }) => {
      const settings = distributionSettings(repository, codename, suite);
      if (!settings || snapshotRefusal(settings) !== undefined) return [];
      const holders = new Set([settings.name]);
      return [
        {
          distribution: settings.name,
          snapshots: snapshots
            .filter((snapshot) => snapshot.distribution === settings.name)
            .sort((a, b) => a.createdAt.localeCompare(b.createdAt))
            .map(({ name, position, createdAt }) => ({
              name,
              position,
              createdAt,
              path: `/repositories/${encodeURIComponent(id)}/dists/${encodeURIComponent(settings.name)}/snapshots/${encodeURIComponent(name)}/`,
              sourcesList: sourcesListOf(config, repository, { codenames: [codename], suites: [suite], snapshot: name, snapshotHolders: holders }),
            })),
        },
      ];
    }),
  );
}

/** The distributions the repository's action forms offer, and which of them each form ticks by default (as its service chooses without any). */
export interface RepositoryChoices {
  /** The repository's distributions that take uploads: port_ext, keyring and test package targets. */
  readonly uploadable: readonly string[];
  /** keyring_packages' default: the suites whose layout says buildKeyringPackage. */
  readonly keyring: readonly string[];
  /** test_packages' default: the experimental suites. */
  readonly test: readonly string[];
}

export function repositoryChoices(repository: RepositoryConfig): RepositoryChoices {
  return {
    uploadable: uploadableOf(repository),
    keyring: keyringDistributions([repository]).map((target) => target.settings.name),
    test: experimentalDistributions([repository]).map((target) => target.settings.name),
  };
}

/** mini-buildd-bootstrap-apt as one command: fetch the repository's bootstrap-apt.sh and run it as root. */
export const bootstrapCommand = (config: SnippetConfig, id: string): string =>
  `curl -fsS ${repositoryUrl(publicHostOf(config), config.httpPort, id)}bootstrap-apt.sh | sudo sh -s [codename] [suite]\n`;
