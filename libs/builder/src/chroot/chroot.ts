import type { ChrootConfig } from '@mbd/events';

/** How sbuild enters a chroot: schroot (root; overlay on an unpacked directory) or unshare (any user; the tarball). */
export type ChrootMode = 'schroot' | 'unshare';

/** schroot when running as root (fast, every session on a pristine overlay), unshare otherwise (gotcha G1: needs uidmap and /etc/subuid). */
export const defaultChrootMode = (): ChrootMode => (process.getuid?.() === 0 ? 'schroot' : 'unshare');

/**
 * Packages made part of every chroot besides the `buildd` variant's build-essential, so a typical
 * build installs almost nothing: debhelper (nearly every source build-depends on it), fakeroot
 * (sbuild adds it to every build's dependencies) and eatmydata (every command of a schroot session runs
 * under it: no fsync in a session that is thrown away, renderSchrootConf).
 */
export const defaultChrootInclude: readonly string[] = ['debhelper', 'fakeroot', 'eatmydata'];

/**
 * How long a chroot's Debian package indices (fetched by mmdebstrap when it was made or updated) are used
 * without an apt update per build. A Debian mirror changes four times a day and keeps the files it no
 * longer lists for a while longer, so indices of six hours ago still find every package they name.
 */
export const chrootIndicesMaxAgeMs = 6 * 60 * 60 * 1000;

/** The chroot's indices are fresh: made less than chrootIndicesMaxAgeMs before `now`. */
export const chrootIndicesFresh = (chroot: Pick<Chroot, 'createdAt'>, now = Date.now()): boolean => {
  const made = Date.parse(chroot.createdAt);
  return Number.isFinite(made) && now - made >= 0 && now - made < chrootIndicesMaxAgeMs;
};

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
