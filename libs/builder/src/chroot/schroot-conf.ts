export interface SchrootConfRequest {
  readonly name: string;
  readonly codename: string;
  readonly architecture: string;
  readonly directory: string;
}

/**
 * The schroot configuration of a build chroot: a directory used through an overlay, so every session
 * (every build) starts from the pristine unpacked tarball and builds can run in parallel
 * (debian-toolchain.md §2b (ii)).
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
    '',
  ].join('\n');
}
