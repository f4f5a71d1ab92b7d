import type { ChrootMode } from '../chroot/chroot.js';
import type { BuildJob, ExtraRepository } from '../build/builder.port.js';

/** Where the pins of the job's extra repositories go in the chroot. */
export const EXTRA_REPOSITORY_PREFERENCES = '/etc/apt/preferences.d/mbd-extra-repositories';
const releasePattern = /^[A-Za-z0-9][A-Za-z0-9.+~_-]*$/;

/**
 * The chroot setup command (run by sbuild as root through /bin/sh inside the chroot, before apt updates
 * and installs build-dependencies) that writes the pins of the job's extra repositories. sbuild replaces
 * `%` escapes in it, so the command has none; the release names are checked, so nothing is quoted.
 */
const pinCommand = (repositories: readonly ExtraRepository[]): string | undefined => {
  const pins = repositories.flatMap((repository) => (repository.pin ? [repository.pin] : []));
  if (pins.length === 0) return undefined;
  for (const { release, priority } of pins) {
    if (!releasePattern.test(release)) throw new Error(`extra repository pin: '${release}' is not a release codename`);
    if (!Number.isInteger(priority)) throw new Error(`extra repository pin: ${priority} is not an apt priority`);
  }
  const stanzas = pins.map(({ release, priority }) => `Package: *\\nPin: release n=${release}\\nPin-Priority: ${priority}\\n`).join('\\n');
  return `printf '${stanzas}' > ${EXTRA_REPOSITORY_PREFERENCES}`;
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
 * - `--verbose` so the log streams on stdout (gotcha G5), and `--nolog` so that stdout is the only copy:
 *   the builder writes it to a bounded file itself (MBD_BUILD_LOG_MAX_BYTES), sbuild's own file has no bound;
 * - `--chroot` always given, because sbuild would otherwise derive the chroot from `--dist` (gotcha G2);
 * - HOME is the output directory, so no ~/.sbuildrc changes a build; DEB_BUILD_OPTIONS gets
 *   `noautodbgsym` unless the job wants debug symbols (gotcha G12);
 * - the upload's options: DEB_BUILD_OPTIONS words, `--profiles`, `--add-depends`, and the pins of the
 *   extra repositories (an apt preferences file written by a `--chroot-setup-commands`).
 */
export function sbuildInvocation(job: BuildJob, chroot: { readonly mode: ChrootMode; readonly argument: string }): SbuildInvocation {
  const buildOptions = [...(job.debugSymbols === true ? [] : ['noautodbgsym']), ...(job.debBuildOptions ?? [])];
  const pin = pinCommand(job.extraRepositories ?? []);
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
    '--no-apt-upgrade',
    '--no-apt-distupgrade',
    '--purge-deps=never',
    '--verbose',
    '--nolog',
    ...(job.debBuildProfiles !== undefined && job.debBuildProfiles.length > 0 ? [`--profiles=${job.debBuildProfiles.join(',')}`] : []),
    ...(job.addDepends ?? []).map((dependency) => `--add-depends=${dependency}`),
    ...(job.extraRepositories ?? []).flatMap((repository) => [
      `--extra-repository=${repository.line}`,
      ...(repository.keyFile !== undefined ? [`--extra-repository-key=${repository.keyFile}`] : []),
    ]),
    ...(pin === undefined ? [] : [`--chroot-setup-commands=${pin}`]),
    job.dsc,
  ];
  return { args, env: { HOME: job.outputDir, LC_ALL: 'C.UTF-8', DEB_BUILD_OPTIONS: buildOptions.join(' ') } };
}
