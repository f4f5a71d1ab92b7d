import { distributionsOf } from '@mbd/archive';
import type { MbdConfig } from '@mbd/config';
import { debSources, dputCf, repositoryUrl, sourcesList, type AptSourceTarget } from '@mbd/debian';
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

/** The host apt and dput are told to use (MBD_PUBLIC_HOST, else the bind address, 127.0.0.1 for 0.0.0.0). */
export const publicHostOf = (config: Pick<SnippetConfig, 'publicHost' | 'bind'>): string => config.publicHost ?? (config.bind === '0.0.0.0' ? '127.0.0.1' : config.bind);

/** The apt and dput snippets of a repository, made by the same @mbd/debian functions and targets as RepositoriesController. */
export function repositorySnippets(config: SnippetConfig, repository: RepositoryConfig, armoredKey: string): RepositorySnippets {
  const host = publicHostOf(config);
  const id = repository.repository;
  const keyringPath = `/etc/apt/keyrings/mbd-${id}.gpg`;
  const targets: AptSourceTarget[] = repository.codenames.map((codename) => ({
    host,
    httpPort: config.httpPort,
    repository: id,
    codename: codename.codename,
    suites: repository.layout.suites.map((suite) => suite.name),
    components: codename.components,
    signedBy: keyringPath,
  }));
  const uploadable = distributionsOf(repository)
    .filter((distribution) => distribution.rollback === undefined && distribution.uploadable)
    .map((distribution) => distribution.name);
  return {
    keyring: { path: keyringPath, url: `${repositoryUrl(host, config.httpPort, id)}archive-keyring.gpg` },
    sourcesList: targets.map((target) => sourcesList(target)).join(''),
    sources: targets.map((target) => ({ codename: target.codename, text: debSources({ ...target, signedBy: armoredKey }) })),
    ...(uploadable.length > 0
      ? { dputCf: dputCf({ host, ftpPort: config.ftpPort, distributions: uploadable, allowUnsignedUploads: repository.allowUnsignedUploads }) }
      : {}),
  };
}
