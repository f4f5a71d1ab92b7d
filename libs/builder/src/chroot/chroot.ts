import type { ChrootConfig } from '@mbd/events';

/** How sbuild enters a chroot: schroot (root; overlay on an unpacked directory) or unshare (any user; the tarball). */
export type ChrootMode = 'schroot' | 'unshare';

/** schroot when running as root (fast, every session on a pristine overlay), unshare otherwise (gotcha G1: needs uidmap and /etc/subuid). */
export const defaultChrootMode = (): ChrootMode => (process.getuid?.() === 0 ? 'schroot' : 'unshare');

/**
 * Packages made part of every chroot besides the `buildd` variant's build-essential, so a typical
 * build installs almost nothing: debhelper (nearly every source build-depends on it) and fakeroot
 * (sbuild adds it to every build's dependencies).
 */
export const defaultChrootInclude: readonly string[] = ['debhelper', 'fakeroot'];

/** A build chroot on this machine. Its ChrootConfig part is what ChrootCreated/ChrootUpdated record. */
export interface Chroot extends ChrootConfig {
  /** The schroot chroot name (`mbd-bookworm-amd64`), also BuildStarted's `chroot`. */
  readonly name: string;
  readonly mode: ChrootMode;
  /** schroot mode: the unpacked tarball, the lower directory of every session's overlay. */
  readonly directory: string | undefined;
  /** schroot mode: the configuration file in /etc/schroot/chroot.d. */
  readonly schrootConf: string | undefined;
  /** Packages included besides the buildd variant. */
  readonly include: readonly string[];
  /** When the tarball was made (ISO 8601). */
  readonly createdAt: string;
  /** How long making it took (mmdebstrap, hashing, unpacking). */
  readonly seconds: number;
}

/** What sbuild's `--chroot` names: the schroot chroot or, in unshare mode, the tarball. */
export const sbuildChrootArgument = (chroot: Chroot): string => (chroot.mode === 'schroot' ? chroot.name : chroot.tarball.path);
