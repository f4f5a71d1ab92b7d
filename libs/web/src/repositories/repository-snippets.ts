import { distributionSettings, distributionsOf, snapshotRefusal } from '@mbd/archive';
import { publicHostOf, type MbdConfig } from '@mbd/config';
import { debSources, dputCf, dputNgProfile, repositoryUrl, sourcesList, type AptSourceTarget } from '@mbd/debian';
import type { RepositoryConfig } from '@mbd/events';

/** What of the daemon's configuration the snippets name: where apt and dput reach it. */
export type SnippetConfig = Pick<MbdConfig, 'publicHost' | 'bind' | 'httpPort' | 'ftpPort'>;

/** The snippets of one repository, as RepositoriesController publishes them beside dists/ and pool/. */
export interface RepositorySnippets {
  /** Where sources.list and the .sources of the path kind expect the binary keyring, and where to fetch it. */
  readonly keyring: { readonly path: string; readonly url: string };
  /** One-line-style sources.list entries for every codename and suite (`/repositories/<id>/sources.list`). */
  readonly sourcesList: string;
  /** A deb822 .sources file per codename with the archive key embedded as Signed-By (`/repositories/<id>/<codename>.sources`). */
  readonly sources: readonly { readonly codename: string; readonly text: string }[];
  /** The dput.cf section (`/repositories/<id>/dput.cf`); absent when no distribution takes uploads. */
  readonly dputCf?: string;
}


/** mini-buildd's sources_list options (`--codenames`, `--suites`, `--types`, `--rollbacks`, `--snapshot`, `--mirror`, `--options`). */
export interface SourcesListOptions {
  /** Default: every codename of the repository. */
  readonly codenames?: readonly string[];
  /** Default: every suite of the layout. */
  readonly suites?: readonly string[];
  /** Default: deb and deb-src. */
  readonly types?: ReadonlyArray<'deb' | 'deb-src'>;
  /** Rollback distributions per suite: N (at most the suite keeps), negative for all; default none. */
  readonly rollbacks?: number;
  /** A snapshot name: lines for the stable-type suites of `snapshotHolders`, below `…/snapshots/<name>`. */
  readonly snapshot?: string;
  /** With `snapshot`: the distributions that have it (others get no line). */
  readonly snapshotHolders?: ReadonlySet<string>;
  readonly mirror?: string;
  readonly options?: readonly string[];
}

/** A selection names a codename or suite the repository lacks, or selects nothing. */
export class SnippetSelectionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SnippetSelectionError';
  }
}

/** The APT targets (one per codename) the options select, Signed-By `signedBy`. */
export function selectAptTargets(config: SnippetConfig, repository: RepositoryConfig, signedBy: string, options: SourcesListOptions = {}): AptSourceTarget[] {
  const id = repository.repository;
  const unknown = (kind: string, asked: readonly string[] | undefined, known: readonly string[]) => {
    const missing = (asked ?? []).filter((name) => !known.includes(name));
    if (missing.length > 0) throw new SnippetSelectionError(`repository ${id} has no ${kind} ${missing.join(', ')} (it has ${known.join(', ')})`);
  };
  const codenames = repository.codenames.map((entry) => entry.codename);
  const suites = repository.layout.suites.map((suite) => suite.name);
  unknown('codename', options.codenames, codenames);
  unknown('suite', options.suites, suites);
  const targets = repository.codenames
    .filter((codename) => options.codenames === undefined || options.codenames.includes(codename.codename))
    .map((codename): AptSourceTarget => {
      const chosen = repository.layout.suites.filter((suite) => {
        if (options.suites !== undefined && !options.suites.includes(suite.name)) return false;
        if (options.snapshot === undefined) return true;
        const settings = distributionSettings(repository, codename.codename, suite.name);
        return settings !== undefined && snapshotRefusal(settings) === undefined && options.snapshotHolders?.has(settings.name) === true;
      });
      const rollbacks = options.rollbacks ?? 0;
      return {
        host: publicHostOf(config),
        httpPort: config.httpPort,
        repository: id,
        codename: codename.codename,
        suites: chosen.map((suite) => suite.name),
        components: codename.components,
        signedBy,
        ...(options.types ? { types: options.types } : {}),
        ...(rollbacks !== 0 && options.snapshot === undefined
          ? { rollbacks: Object.fromEntries(chosen.map((suite) => [suite.name, rollbacks < 0 ? suite.rollback : Math.min(rollbacks, suite.rollback)])) }
          : {}),
        ...(options.snapshot !== undefined ? { snapshot: options.snapshot } : {}),
        ...(options.mirror !== undefined ? { mirror: options.mirror } : {}),
        ...(options.options !== undefined ? { options: options.options } : {}),
      };
    })
    .filter((target) => target.suites.length > 0);
  if (targets.length === 0) {
    throw new SnippetSelectionError(
      options.snapshot === undefined ? `the selection names no distribution of repository ${id}` : `no selected distribution of repository ${id} has a snapshot ${options.snapshot}`,
    );
  }
  return targets;
}

/** sources.list lines of a repository as mini-buildd's sources_list selects them (all codenames and suites by default). */
export const sourcesListOf = (config: SnippetConfig, repository: RepositoryConfig, options: SourcesListOptions = {}): string =>
  selectAptTargets(config, repository, keyringPathOf(repository.repository), options)
    .map((target) => sourcesList(target))
    .join('');

/** The deb822 .sources of one codename with the same options, Signed-By the embedded archive key. */
export const debSourcesOf = (config: SnippetConfig, repository: RepositoryConfig, codename: string, armoredKey: string, options: SourcesListOptions = {}): string =>
  selectAptTargets(config, repository, armoredKey, { ...options, codenames: [codename] })
    .map((target) => debSources(target))
    .join('');

/** The distributions of a repository that take uploads (no rollbacks). */
export const uploadableOf = (repository: RepositoryConfig): string[] =>
  distributionsOf(repository)
    .filter((distribution) => distribution.rollback === undefined && distribution.uploadable)
    .map((distribution) => distribution.name);

/**
 * mini-buildd's `dput_conf --dput-ng-profile`: a dput-ng profile for the repository's uploadable
 * distributions, by FTP (as mini-buildd's) or by mbd's HTTP incoming (`PUT /upload/<name>`);
 * undefined when no distribution takes uploads.
 */
export function dputNgProfileOf(config: SnippetConfig, repository: RepositoryConfig, method: 'ftp' | 'http'): string | undefined {
  const distributions = uploadableOf(repository);
  if (distributions.length === 0) return undefined;
  return dputNgProfile({ host: publicHostOf(config), ftpPort: config.ftpPort, httpPort: config.httpPort, method, distributions, allowUnsignedUploads: repository.allowUnsignedUploads });
}

/** Where the snippets expect the repository's binary keyring. */
const keyringPathOf = (id: string): string => `/etc/apt/keyrings/mbd-${id}.gpg`;

/** The apt and dput snippets of a repository, made by the same @mbd/debian functions and targets as RepositoriesController. */
export function repositorySnippets(config: SnippetConfig, repository: RepositoryConfig, armoredKey: string): RepositorySnippets {
  const host = publicHostOf(config);
  const id = repository.repository;
  const keyringPath = keyringPathOf(id);
  const targets = selectAptTargets(config, repository, keyringPath);
  const uploadable = uploadableOf(repository);
  return {
    keyring: { path: keyringPath, url: `${repositoryUrl(host, config.httpPort, id)}archive-keyring.gpg` },
    sourcesList: targets.map((target) => sourcesList(target)).join(''),
    sources: targets.map((target) => ({ codename: target.codename, text: debSources({ ...target, signedBy: armoredKey }) })),
    ...(uploadable.length > 0
      ? { dputCf: dputCf({ host, ftpPort: config.ftpPort, distributions: uploadable, allowUnsignedUploads: repository.allowUnsignedUploads }) }
      : {}),
  };
}
