import { distributionSettings, migrationPath, type DistributionSettings } from '@mbd/archive';
import type { ExtraRepository } from '@mbd/builder';
import type { RepositoryConfig } from '@mbd/events';

/**
 * The distributions of its own repository a build for `<codename>-<repository>-<suite>` sees, as
 * mini-buildd's internal build sources: the target suite itself and, for a normal suite, the chain it
 * migrates to (unstable → testing → stable in the Default layout), or, for an experimental suite, every
 * non-experimental suite of the codename (experimental builds against everything but other experiments).
 * Rollbacks are never build sources. Empty when the repository has no such distribution.
 */
export function buildSourceDistributions(config: RepositoryConfig, codename: string, suite: string): DistributionSettings[] {
  const target = distributionSettings(config, codename, suite);
  if (!target) return [];
  if (!target.experimental) return [target, ...migrationPath(config, codename, suite, true).map((step) => step.to)];
  const others = config.layout.suites
    .filter((options) => !options.experimental && options.name !== suite)
    .map((options) => distributionSettings(config, codename, options.name))
    .filter((settings): settings is DistributionSettings => settings !== undefined);
  return [target, ...others];
}

/**
 * The host a build chroot reaches this daemon's HTTP server at: its bind address, or the loopback when
 * it listens on every address. Both chroot modes use the host's network while apt fetches build
 * dependencies (schroot shares it; sbuild's unshare mode cuts the network only for the build itself).
 */
export function daemonHostForBuilds(bind: string): string {
  if (bind === '0.0.0.0' || bind === '::' || bind === '[::]') return '127.0.0.1';
  if (bind.includes(':') && !bind.startsWith('[')) return `[${bind}]`;
  return bind;
}

export interface ArchiveBuildSources {
  /** The daemon's listen address (MBD_BIND). */
  readonly bind: string;
  /** The daemon's HTTP port (MBD_HTTP_PORT); 0 (a port chosen at start) gives no sources. */
  readonly httpPort: number;
  readonly config: RepositoryConfig;
  readonly codename: string;
  readonly suite: string;
  /** The archive key's public key (armored) in the build's work directory, for `--extra-repository-key`. */
  readonly keyFile: string;
  /** The apt pin priority of these distributions in the build: the upload's internal-apt-priority, else INTERNAL_APT_PRIORITY. */
  readonly aptPriority?: number;
}

/**
 * mini-buildd's default internal_apt_priority: the repository's own distributions give a build the
 * build-dependencies nothing else has (or that a version asks for), never a newer version of what the
 * chroot's mirror has. `MINI_BUILDD_OPTION: internal-apt-priority=<n>` changes it for one upload.
 */
export const INTERNAL_APT_PRIORITY = 1;

/**
 * The extra apt sources of a build: one `deb http://<host>:<port>/repositories/<id>/ <distribution> <components>`
 * per build source distribution (buildSourceDistributions), served by the daemon's own repository
 * delivery and signed by the archive key (given once, with the first source), each pinned at the
 * internal apt priority (its Release's Codename is the distribution's name).
 */
export function archiveBuildSources(sources: ArchiveBuildSources): ExtraRepository[] {
  if (sources.httpPort === 0) return [];
  const url = `http://${daemonHostForBuilds(sources.bind)}:${sources.httpPort}/repositories/${sources.config.repository}/`;
  return buildSourceDistributions(sources.config, sources.codename, sources.suite).map((distribution, index) => ({
    line: `deb ${url} ${distribution.name} ${distribution.components.join(' ')}`,
    ...(index === 0 ? { keyFile: sources.keyFile } : {}),
    pin: { release: distribution.name, priority: sources.aptPriority ?? INTERNAL_APT_PRIORITY },
  }));
}
