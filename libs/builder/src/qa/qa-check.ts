import type { ExtraRepository } from '../build/builder.port.js';
import type { Chroot } from '../chroot/chroot.js';

/**
 * A QA tool's verdict on a build, in sbuild's and mini-buildd's words (reference §9): `pass` (sbuild's
 * pass, info), `warn` (warn, no tests), `fail` (the package failed the check) and `error` (the check
 * could not be made: the tool broke, timed out or cannot run here). The upload's check mode decides
 * what each means for the install; `fail` and `error` both fail errfail and warnfail.
 */
export type QaStatus = 'pass' | 'warn' | 'fail' | 'error';

/** What one run of piuparts or autopkgtest on a build gave. */
export interface QaResult {
  readonly status: QaStatus;
  /** One line for people: what failed, or what passed (e.g. autopkgtest's summary lines). */
  readonly summary: string;
  /** The tool's whole output (within its bound), written as it ran. */
  readonly logFile: string;
  /** Wall-clock time of the run. */
  readonly seconds: number;
}

/** The QA tools mbd runs on a build, by their Debian names. */
export type QaTool = 'piuparts' | 'autopkgtest';

/** The longest summary kept: a few failing tests' lines, not a log. */
export const QA_SUMMARY_MAX_CHARS = 500;

/** `text` cut to QA_SUMMARY_MAX_CHARS, with an ellipsis when cut. */
export const boundedSummary = (text: string): string =>
  text.length <= QA_SUMMARY_MAX_CHARS ? text : `${text.slice(0, QA_SUMMARY_MAX_CHARS - 1)}…`;

/** What a QA tool checks: one build's packages, in that build's chroot. */
export interface QaCheckRequest {
  /** The chroot the build ran in (its codename and architecture, mode, schroot name, tarball, mirror). */
  readonly chroot: Chroot;
  /** The source's .dsc (autopkgtest reads its tests from it). */
  readonly dsc: string;
  /** The built .debs, absolute paths. */
  readonly debs: readonly string[];
  /** Where the tool's log is written. */
  readonly logFile: string;
  /** The repository's own distributions the packages may depend on (as the build saw them). */
  readonly extraRepositories?: readonly ExtraRepository[];
  /** Stops the tool (a cancelled build); the result is then `error`. */
  readonly signal?: AbortSignal;
}

export interface QaToolSettings {
  /** How long one run may take (MBD_QA_TIMEOUT_S); default 1800 s. Then its process group is killed and the result is `error`. */
  readonly timeoutSeconds?: number;
  /** The bound of each log (MBD_BUILD_LOG_MAX_BYTES); default 16 MiB. */
  readonly logMaxBytes?: number;
  /** Runs under `nice -n` this (default 10), below the daemon. */
  readonly niceness?: number;
  /** How long the tool may clean up (end its schroot session) after SIGTERM before its group is killed; default 10 s. */
  readonly killGraceMs?: number;
  readonly program?: string;
}


/** The key of a build's extra repositories (the archive key), if any of them names one. */
export const extraRepositoriesKey = (repositories: readonly ExtraRepository[] | undefined): string | undefined =>
  repositories?.find((repository) => repository.keyFile !== undefined)?.keyFile;
