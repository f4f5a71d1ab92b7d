import type { ChrootMode } from '../chroot/chroot.js';
import type { BuildJob } from '../build/builder.port.js';

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
 *   `noautodbgsym` unless the job wants debug symbols (gotcha G12).
 */
export function sbuildInvocation(job: BuildJob, chroot: { readonly mode: ChrootMode; readonly argument: string }): SbuildInvocation {
  const buildOptions = [...(job.debugSymbols === true ? [] : ['noautodbgsym']), ...(job.debBuildOptions ?? [])];
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
    ...(job.extraRepositories ?? []).flatMap((repository) => [
      `--extra-repository=${repository.line}`,
      ...(repository.keyFile !== undefined ? [`--extra-repository-key=${repository.keyFile}`] : []),
    ]),
    job.dsc,
  ];
  return { args, env: { HOME: job.outputDir, LC_ALL: 'C.UTF-8', DEB_BUILD_OPTIONS: buildOptions.join(' ') } };
}
