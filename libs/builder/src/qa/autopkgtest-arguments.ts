import type { ChrootMode } from '../chroot/chroot.js';

/** An autopkgtest run of one build's source tests on its packages, in the build's own chroot. */
export interface AutopkgtestInvocationRequest {
  /** The source's .dsc (autopkgtest reads debian/tests from it; the files it lists lie beside it). */
  readonly dsc: string;
  /** The built .debs, absolute paths: the tests run against these, not the archive's. */
  readonly debs: readonly string[];
  readonly mode: ChrootMode;
  /** schroot mode: the schroot chroot (`mbd-bookworm-amd64`). */
  readonly schroot: string;
  /** schroot mode: the session's name, `<chroot>-<uuid>` like sbuild's, so mbd finds and ends one left open. */
  readonly session: string;
  /** unshare mode: the chroot's tarball. */
  readonly tarball: string;
  readonly architecture: string;
  /** Where autopkgtest writes one line per test (`<test> PASS|FAIL|SKIP <why>`). */
  readonly summaryFile: string;
  /** One-line apt sources the tests' dependencies may come from besides the chroot's (the repository's own distributions). */
  readonly extraSources?: readonly string[];
  /** The key those sources are signed with (a binary keyring), copied into the testbed's trusted keys. */
  readonly extraSourcesKey?: string;
}

/** Where the archive key goes in the testbed. */
export const TESTBED_ARCHIVE_KEY = '/etc/apt/trusted.gpg.d/mbd-archive-key.gpg';

/**
 * autopkgtest's command line: the .dsc and the built .debs, then the virt server of the build's chroot
 * mode, never `null` (the host itself): `schroot <chroot>` with a named session on a fresh overlay
 * (root), or `unshare --tarball <tarball>` (any user). sbuild's own `--run-autopkgtest` defaults to
 * `-- null`, which is why mbd runs autopkgtest itself.
 */
export function autopkgtestArguments(request: AutopkgtestInvocationRequest): string[] {
  const key = request.extraSourcesKey !== undefined && (request.extraSources ?? []).length > 0 ? [`--copy=${request.extraSourcesKey}:${TESTBED_ARCHIVE_KEY}`] : [];
  const virt =
    request.mode === 'schroot'
      ? ['schroot', request.schroot, `--session-id=${request.session}`]
      : ['unshare', `--tarball=${request.tarball}`, `--arch=${request.architecture}`];
  return [
    `--summary-file=${request.summaryFile}`,
    ...key,
    ...(request.extraSources ?? []).map((line) => `--add-apt-source=${line}`),
    request.dsc,
    ...request.debs,
    '--',
    ...virt,
  ];
}
