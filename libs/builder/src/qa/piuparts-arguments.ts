/** A piuparts run on the packages of one build, in the build's schroot chroot. */
export interface PiupartsInvocationRequest {
  /** The schroot chroot (`mbd-bookworm-amd64`): piuparts opens its own session of it, on a fresh overlay. */
  readonly schroot: string;
  readonly codename: string;
  /** The chroot's Debian mirror: piuparts writes the chroot's apt sources itself. */
  readonly mirror: string;
  /** The built .debs, absolute paths. */
  readonly debs: readonly string[];
  /** One-line apt sources the packages may depend on besides the mirror (the repository's own distributions). */
  readonly extraSources?: readonly string[];
  /** A directory bind-mounted into the chroot at the same path (where `extraSources`' signed-by key lies). */
  readonly bindMount?: string;
}

/**
 * piuparts' command line, mini-buildd's options (reference §1: `--schroot <chroot> --dpkg-force-confdef
 * --warn-on-debsums-errors --warn-on-leftovers-after-purge --warn-on-others`): install, remove and purge
 * the packages in a fresh session of the build chroot, and the upgrade from the version apt knows if it
 * knows one. Files left after purge, debsums errors and changes to other packages are warnings (so
 * warnfail fails on them); a maintainer script failing is a failure. piuparts writes the apt sources
 * from the mirror and `extraSources` (no `--keep-sources-list`, which would ignore `--extra-repo`).
 */
export function piupartsArguments(request: PiupartsInvocationRequest): string[] {
  return [
    `--schroot=${request.schroot}`,
    `--distribution=${request.codename}`,
    `--mirror=${request.mirror} main`,
    ...(request.extraSources ?? []).map((line) => `--extra-repo=${line}`),
    ...(request.bindMount !== undefined ? [`--bindmount=${request.bindMount}`] : []),
    // The sbuild schroot profile bind-mounts the host's /build, where parallel builds come and go:
    // piuparts would count their files as appearing or disappearing with the package under test.
    '--ignore-regex=/build/.*',
    // The chroot's schroot profile already runs every command under eatmydata (command-prefix); piuparts'
    // own `eatmydata` prefix on top makes the wrapper look for itself ("unable to find 'eatmydata' in PATH").
    '--no-eatmydata',
    '--dpkg-force-confdef',
    '--warn-on-debsums-errors',
    '--warn-on-leftovers-after-purge',
    '--warn-on-others',
    ...request.debs,
  ];
}
