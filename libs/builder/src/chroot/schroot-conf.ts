export interface SchrootConfRequest {
  readonly name: string;
  readonly codename: string;
  readonly architecture: string;
  readonly directory: string;
  /** Run every command of a session under eatmydata (the chroot has it installed). */
  readonly eatmydata?: boolean;
}

/**
 * The schroot configuration of a build chroot: a directory used through an overlay, so every session
 * (every build) starts from the pristine unpacked tarball and builds can run in parallel
 * (debian-toolchain.md §2b (ii)). With `eatmydata`, schroot runs every command of a session (sbuild's apt
 * and dpkg, the build) through it: fsync and sync become no-ops in an overlay that is thrown away anyway.
 */
export function renderSchrootConf(request: SchrootConfRequest): string {
  return [
    `[${request.name}]`,
    `description=mbd build chroot ${request.codename}/${request.architecture} (mmdebstrap buildd, overlay per session)`,
    'type=directory',
    `directory=${request.directory}`,
    'union-type=overlay',
    'groups=root,sbuild',
    'root-groups=root,sbuild',
    'profile=sbuild',
    ...(request.eatmydata === true ? ['command-prefix=eatmydata'] : []),
    '',
  ].join('\n');
}
