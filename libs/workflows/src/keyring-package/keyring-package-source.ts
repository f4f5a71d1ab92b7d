import { distributionsOf, type DistributionSettings } from '@mbd/archive';
import {
  debSources,
  dputCf,
  dputNgProfile,
  parsePackageName,
  formatVersion,
  parseVersion,
  repositoryUrl,
  writeChangelogEntry,
  type AptSourceTarget,
  type DputTarget,
} from '@mbd/debian';
import type { RepositoryConfig } from '@mbd/events';
import type { SourceTreeFile } from './source-tree.js';

/**
 * `<repository>-archive-keyring` (mini-buildd names it after the instance identity). mbd names it after
 * the repository: the package carries that repository's .sources and is uploaded into it, so two
 * repositories of one instance make two packages that a client can install side by side (each owns its
 * own /usr/share/keyrings file) instead of one name with unrelated contents in two archives.
 */
export const keyringPackageName = (repository: string): string => parsePackageName(`${repository}-archive-keyring`);

/** `YYYYmmddHHMMSS` (UTC) of the request, then the distribution's default version suffix (`~test12+1`, `~test12+0` in experimental), as a port would: the fresh version of keyring and test packages. */
export const timestampVersion = (now: Date, distribution: Pick<DistributionSettings, 'versionRule'>): string => {
  const stamp = now.toISOString().replace(/[-:T]/g, '').slice(0, 14);
  return formatVersion(parseVersion(`${stamp}${distribution.versionRule.defaultVersion}`));
};

/** Where the package puts the binary keyring that its .sources name as Signed-By. */
export const keyringPath = (name: string): string => `/usr/share/keyrings/${name}.gpg`;

/** The .sources of one codename and suite inside the package: `/usr/share/<name>/sources.list.d/<codename>/<repository>_<suite>.sources`. */
export const packagedSourcesPath = (name: string, repository: string, codename: string, suite: string): string =>
  `/usr/share/${name}/sources.list.d/${codename}/${repository}_${suite}.sources`;

/**
 * `Name <email>` for debian/control and the changelog of a package mbd makes, from the instance's
 * author (OwnUploads.author()); an address whose host is no mail domain (a bare host name, an IP
 * address, localhost) gets the reserved `.invalid` domain, which lintian accepts (`bogus-mail-host`
 * is an error, and the keyring package must pass lintian in unstable).
 */
export function packageMaintainer(author: { readonly name: string; readonly email: string }): string {
  const [local = 'mbd', host = ''] = author.email.split('@');
  const mailDomain = host.includes('.') && !/^[\d.]+$/.test(host) && !/(^|\.)(localhost|localdomain)$/i.test(host);
  return `${author.name} <${mailDomain ? author.email : `${local}@${host.replace(/[^A-Za-z0-9-]/g, '') || 'mbd'}.invalid`}>`;
}

export interface KeyringPackageInput {
  readonly repository: RepositoryConfig;
  /** The distribution it is uploaded to (its changelog distribution and version rule). */
  readonly distribution: Pick<DistributionSettings, 'name' | 'versionRule'>;
  /** Where apt and dput reach the daemon. */
  readonly host: string;
  readonly httpPort: number;
  readonly ftpPort: number;
  readonly key: { readonly fingerprint: string; readonly publicBinary: Uint8Array };
  /** `Name <email>` for debian/control and the changelog trailer. */
  readonly maintainer: string;
  /** The time of the request: the version and the changelog date. */
  readonly now: Date;
  /** keyring_packages --without-migration: the changelog says so, and the keyring process manager leaves it where it is installed. */
  readonly withoutMigration?: boolean;
}

/** The changelog line of a keyring package that is not to be migrated (mini-buildd's `--without-migration`). */
export const withoutMigrationLine = 'Not migrated: made by keyring_packages --without-migration.';

export interface KeyringPackageSource {
  readonly name: string;
  readonly version: string;
  readonly files: readonly SourceTreeFile[];
}

/**
 * The native source tree of a repository's keyring package (mini-buildd's `archive-keyring` template):
 * arch:all, debhelper-compat 13, `dh $@` rules. It installs the archive key as a binary keyring in
 * /usr/share/keyrings/<name>.gpg (what apt's Signed-By reads), a deb822 .sources per codename and suite
 * under /usr/share/<name>/sources.list.d/<codename>/ naming that keyring, and the dput.cf section and
 * dput-ng profile under /usr/share/<name>/dput/ when the repository takes uploads (not in /etc: two
 * repositories' packages would fight over the one `mbd-<host>` profile).
 */
export function keyringPackageSource(input: KeyringPackageInput): KeyringPackageSource {
  const id = input.repository.repository;
  const name = keyringPackageName(id);
  const version = timestampVersion(input.now, input.distribution);
  const url = repositoryUrl(input.host, input.httpPort, id);
  const sources: SourceTreeFile[] = input.repository.codenames.flatMap((codename) =>
    input.repository.layout.suites.map((suite) => {
      const target: AptSourceTarget = {
        host: input.host,
        httpPort: input.httpPort,
        repository: id,
        codename: codename.codename,
        suites: [suite.name],
        components: codename.components,
        signedBy: keyringPath(name),
      };
      return { path: `sources.list.d/${codename.codename}/${id}_${suite.name}.sources`, content: debSources(target) };
    }),
  );
  const uploadable = distributionsOf(input.repository)
    .filter((distribution) => distribution.rollback === undefined && distribution.uploadable)
    .map((distribution) => distribution.name);
  const dput: DputTarget | undefined =
    uploadable.length > 0 ? { host: input.host, ftpPort: input.ftpPort, distributions: uploadable, allowUnsignedUploads: input.repository.allowUnsignedUploads } : undefined;
  const dputFiles: SourceTreeFile[] = dput
    ? [
        { path: 'dput/dput.cf', content: dputCf(dput) },
        { path: `dput/dput.d/profiles/mbd-${input.host}.json`, content: dputNgProfile(dput) },
      ]
    : [];
  const changelog = writeChangelogEntry({
    package: parsePackageName(name),
    version: parseVersion(version),
    distributions: [input.distribution.name],
    changes: [
      `* Archive key ${input.key.fingerprint}.`,
      `* APT sources of repository ${id} at ${url}.`,
      ...(input.withoutMigration === true ? [`* ${withoutMigrationLine}`] : []),
    ],
    maintainer: input.maintainer,
    date: input.now,
  });
  const install = [`keyrings/${name}.gpg usr/share/keyrings`, `sources.list.d usr/share/${name}`, ...(dput ? [`dput usr/share/${name}`] : [])];
  return {
    name,
    version,
    files: [
      { path: 'debian/changelog', content: changelog },
      { path: 'debian/control', content: control(name, id, input.maintainer) },
      { path: 'debian/rules', content: '#!/usr/bin/make -f\n\n%:\n\tdh $@\n', executable: true },
      { path: 'debian/source/format', content: '3.0 (native)\n' },
      { path: 'debian/copyright', content: copyright(name, url, input.maintainer, input.now) },
      { path: 'debian/install', content: `${install.join('\n')}\n` },
      { path: `keyrings/${name}.gpg`, content: input.key.publicBinary },
      ...sources,
      ...dputFiles,
    ],
  };
}

const control = (name: string, repository: string, maintainer: string): string =>
  [
    `Source: ${name}`,
    'Section: misc',
    'Priority: optional',
    `Maintainer: ${maintainer}`,
    'Build-Depends: debhelper-compat (= 13)',
    'Standards-Version: 4.6.2',
    'Rules-Requires-Root: no',
    '',
    `Package: ${name}`,
    'Architecture: all',
    'Multi-Arch: foreign',
    'Depends: ${misc:Depends}',
    `Description: archive key and APT sources of the mbd repository ${repository}`,
    ` The OpenPGP key that signs the mbd repository ${repository}, as a keyring for`,
    ` apt's Signed-By (${keyringPath(name)}),`,
    ' and a deb822 .sources file per codename and suite that names it, under',
    ` /usr/share/${name}/sources.list.d/.`,
    '',
  ].join('\n');

const copyright = (name: string, url: string, maintainer: string, now: Date): string =>
  [
    'Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/',
    `Upstream-Name: ${name}`,
    `Source: ${url}`,
    '',
    'Files: *',
    `Copyright: ${now.getUTCFullYear()} ${maintainer}`,
    'License: CC0-1.0',
    ' To the extent possible under law, the author has waived all copyright and',
    ' related or neighboring rights to this work (a public key and configuration',
    ' snippets generated by mbd).',
    ' .',
    ' On Debian systems, the complete text of the CC0 1.0 Universal license can be',
    ' found in "/usr/share/common-licenses/CC0-1.0".',
    '',
  ].join('\n');
