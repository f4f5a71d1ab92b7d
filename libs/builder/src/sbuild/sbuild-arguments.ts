import type { ChrootMode } from '../chroot/chroot.js';
import type { BuildJob, ExtraRepository } from '../build/builder.port.js';

/** Where the pins of the job's extra repositories go in the chroot. */
export const EXTRA_REPOSITORY_PREFERENCES = '/etc/apt/preferences.d/mbd-extra-repositories';
/** Where the job's extra repositories go in the chroot (one-line apt sources, each signed by its own key). */
export const EXTRA_REPOSITORY_SOURCES = '/etc/apt/sources.list.d/mbd-extra-repositories.list';
/** The key of extra repository `index` in the chroot (armored; apt reads `.asc` keys named by `signed-by`). */
export const extraRepositoryKeyPath = (index: number): string => `/etc/apt/keyrings/mbd-extra-repository-${index}.asc`;
const releasePattern = /^[A-Za-z0-9][A-Za-z0-9.+~_-]*$/;
const oneLineSource = /^deb(?:\s+\[([^\]]*)\])?\s+(\S.*)$/;

/** `echo '<base64>' | base64 -d > path`: any text written by /bin/sh with nothing to quote and no sbuild `%` escape. */
const writeFileCommand = (path: string, text: string): string => `echo '${Buffer.from(text).toString('base64')}' | base64 -d > ${path}`;

/** The pins of the job's extra repositories as an apt preferences file, or undefined when none is pinned. */
const preferencesOf = (repositories: readonly ExtraRepository[]): string | undefined => {
  const pins = repositories.flatMap((repository) => (repository.pin ? [repository.pin] : []));
  if (pins.length === 0) return undefined;
  for (const { release, priority } of pins) {
    if (!releasePattern.test(release)) throw new Error(`extra repository pin: '${release}' is not a release codename`);
    if (!Number.isInteger(priority)) throw new Error(`extra repository pin: ${priority} is not an apt priority`);
  }
  return pins.map(({ release, priority }) => `Package: *\nPin: release n=${release}\nPin-Priority: ${priority}\n`).join('\n');
};

/**
 * The repository's one-line source, with `signed-by=` naming the keys of the job's extra repositories in
 * the chroot (`keyPaths`; a key given once, with the first source, signs them all, as sbuild's
 * `--extra-repository-key` did) — trusted for these sources only, not for the Debian mirror's.
 */
const sourceLineOf = (repository: ExtraRepository, keyPaths: readonly string[]): string => {
  const match = oneLineSource.exec(repository.line.trim());
  if (match === null) throw new Error(`extra repository: '${repository.line}' is not a one-line apt source ('deb [options] uri suite [component…]')`);
  if (keyPaths.length === 0) return repository.line.trim();
  const options = [...(match[1]?.trim().split(/\s+/).filter((option) => option !== '') ?? []), `signed-by=${keyPaths.join(',')}`];
  return `deb [${options.join(' ')}] ${match[2]}`;
};

/** What sbuild needs besides the job: how the chroot is entered, and whether its Debian indices are fresh. */
export interface SbuildChroot {
  readonly mode: ChrootMode;
  readonly argument: string;
  /**
   * The chroot's Debian package indices are recent enough (chrootIndicesFresh): no apt update of the Debian
   * mirror per build, only of the job's extra repositories. Default false (sbuild's full apt update).
   */
  readonly indicesFresh?: boolean;
  /** The armored text of each extra repository's key, by its keyFile. Required for every keyFile of the job. */
  readonly keys?: ReadonlyMap<string, string>;
}

/**
 * The one chroot setup command (run by sbuild as root through /bin/sh inside the chroot, before its own
 * apt update and the build-dependencies) that adds the job's extra repositories: each key as a file of its
 * own, named by every extra source's `signed-by` (trusted for these sources only), the sources, their pins; then,
 * when the Debian indices are fresh, apt updates these sources only (`Dir::Etc::sourcelist` set to them, no
 * source parts, the other lists kept), so every build sees the archive as it is now without fetching the
 * mirror's indices again. Everything is written with writeFileCommand, so nothing is quoted and sbuild's `%`
 * escapes cannot occur.
 */
const extraRepositoriesCommand = (repositories: readonly ExtraRepository[], chroot: SbuildChroot): string | undefined => {
  if (repositories.length === 0) return undefined;
  const keyPaths: string[] = [];
  const commands: string[] = [];
  repositories.forEach((repository, index) => {
    if (repository.keyFile === undefined) return;
    const key = chroot.keys?.get(repository.keyFile);
    if (key === undefined) throw new Error(`extra repository: the key ${repository.keyFile} was not read`);
    if (keyPaths.length === 0) commands.push('mkdir -p /etc/apt/keyrings');
    keyPaths.push(extraRepositoryKeyPath(index));
    commands.push(writeFileCommand(extraRepositoryKeyPath(index), key));
  });
  commands.push(writeFileCommand(EXTRA_REPOSITORY_SOURCES, `${repositories.map((repository) => sourceLineOf(repository, keyPaths)).join('\n')}\n`));
  const preferences = preferencesOf(repositories);
  // The sources and pins are shown in the build log (written in base64 above, they would be unreadable there).
  if (preferences !== undefined) commands.push(writeFileCommand(EXTRA_REPOSITORY_PREFERENCES, preferences));
  commands.push(`cat ${EXTRA_REPOSITORY_SOURCES}${preferences === undefined ? '' : ` ${EXTRA_REPOSITORY_PREFERENCES}`}`);
  if (chroot.indicesFresh === true) {
    commands.push(`apt-get update -o Dir::Etc::sourcelist=${EXTRA_REPOSITORY_SOURCES} -o Dir::Etc::sourceparts=- -o APT::Get::List-Cleanup=0`);
  }
  return commands.join(' && ');
};

export interface SbuildInvocation {
  readonly args: readonly string[];
  readonly env: Readonly<Record<string, string>>;
}

/**
 * sbuild's command line and environment for a job (debian-toolchain.md §3, mini-buildd.md §1):
 * - binaries only (`--no-source`): the upload carries the source, the archive installs it from there;
 * - lintian, autopkgtest and piuparts off: mbd runs lintian itself on the results (Lintian);
 * - no apt upgrade per build and no purging of build-dependencies: every build starts from a fresh
 *   chroot (overlay or unpacked tarball) that is thrown away afterwards; updating is the chroot's job;
 * - no apt update of the Debian mirror's indices while the chroot's are fresh (`indicesFresh`): they were
 *   fetched when the chroot was made; the extra repositories (mbd's own archive) are updated every build;
 * - `--verbose` so the log streams on stdout (gotcha G5), and `--nolog` so that stdout is the only copy:
 *   the builder writes it to a bounded file itself (MBD_BUILD_LOG_MAX_BYTES), sbuild's own file has no bound;
 * - `--chroot` always given, because sbuild would otherwise derive the chroot from `--dist` (gotcha G2);
 * - HOME is the output directory, so no ~/.sbuildrc changes a build; DEB_BUILD_OPTIONS gets
 *   `noautodbgsym` unless the job wants debug symbols (gotcha G12);
 * - the upload's options: DEB_BUILD_OPTIONS words, `--profiles`, `--add-depends`, and the extra
 *   repositories with their keys and pins (extraRepositoriesCommand, one `--chroot-setup-commands`).
 */
export function sbuildInvocation(job: BuildJob, chroot: SbuildChroot): SbuildInvocation {
  const buildOptions = [...(job.debugSymbols === true ? [] : ['noautodbgsym']), ...(job.debBuildOptions ?? [])];
  const setup = extraRepositoriesCommand(job.extraRepositories ?? [], chroot);
  const args = [
    `--chroot-mode=${chroot.mode}`,
    `--chroot=${chroot.argument}`,
    `--dist=${job.distribution}`,
    `--arch=${job.architecture}`,
    job.archAll ? '--arch-all' : '--no-arch-all',
    '--no-source',
    '--no-run-lintian',
    '--no-run-autopkgtest',
    '--no-run-piuparts',
    ...(chroot.indicesFresh === true ? ['--no-apt-update'] : []),
    '--no-apt-upgrade',
    '--no-apt-distupgrade',
    '--purge-deps=never',
    '--verbose',
    '--nolog',
    ...(job.debBuildProfiles !== undefined && job.debBuildProfiles.length > 0 ? [`--profiles=${job.debBuildProfiles.join(',')}`] : []),
    ...(job.addDepends ?? []).map((dependency) => `--add-depends=${dependency}`),
    ...(setup === undefined ? [] : [`--chroot-setup-commands=${setup}`]),
    job.dsc,
  ];
  return { args, env: { HOME: job.outputDir, LC_ALL: 'C.UTF-8', DEB_BUILD_OPTIONS: buildOptions.join(' ') } };
}
