export interface MmdebstrapRequest {
  readonly codename: string;
  readonly architecture: string;
  readonly mirror: string;
  readonly include: readonly string[];
  /** The tarball to write; its `.tar.zst` suffix selects zstd. */
  readonly tarball: string;
}

/**
 * mmdebstrap's command line for a build chroot tarball (debian-toolchain.md §2b), made for fast builds:
 * - `--variant=buildd` plus the included packages, so few build-dependencies are installed per build;
 * - `--skip=cleanup/apt/lists` keeps the package lists, so sbuild's apt update is a quick If-Modified-Since check
 *   instead of about 9 MB of Packages per build;
 * - dpkg `force-unsafe-io` inside the chroot (no fsync: every build starts from a throwaway overlay anyway);
 * - no translations; no device nodes (`output/mknod`), so the tarball is the same in root and unshare mode.
 */
export function mmdebstrapArguments(request: MmdebstrapRequest): string[] {
  return [
    '--variant=buildd',
    `--arch=${request.architecture}`,
    ...(request.include.length > 0 ? [`--include=${request.include.join(',')}`] : []),
    '--skip=output/mknod',
    '--skip=cleanup/apt/lists',
    '--dpkgopt=force-unsafe-io',
    '--aptopt=Acquire::Languages "none"',
    '--format=tar',
    request.codename,
    request.tarball,
    request.mirror,
  ];
}
