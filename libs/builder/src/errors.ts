/**
 * Errors of @mbd/builder: a closed set with codes, each naming the chroot, build or tool and what is wrong.
 * A build that runs and fails is not an error: it is a BuildResult with a status other than `successful`.
 */
export enum BuilderErrorCode {
  ChrootExists = 'chroot-exists',
  ChrootNotFound = 'chroot-not-found',
  ChrootBusy = 'chroot-busy',
  ToolFailed = 'tool-failed',
  ToolTimedOut = 'tool-timed-out',
  LintianTimedOut = 'lintian-timed-out',
  BuildCancelled = 'build-cancelled',
  SbuildNoSummary = 'sbuild-no-summary',
  NoMirror = 'no-mirror',
}

export abstract class BuilderError extends Error {
  abstract readonly code: BuilderErrorCode;
}

/** `create` refuses to overwrite a chroot; `update` remakes one. */
export class ChrootExistsError extends BuilderError {
  readonly code = BuilderErrorCode.ChrootExists;
  constructor(
    readonly codename: string,
    readonly architecture: string,
    readonly path: string,
  ) {
    super(`the ${codename}/${architecture} chroot already exists (${path}); update it instead`);
    this.name = 'ChrootExistsError';
  }
}

export class ChrootNotFoundError extends BuilderError {
  readonly code = BuilderErrorCode.ChrootNotFound;
  constructor(
    readonly codename: string,
    readonly architecture: string,
    readonly dir: string,
  ) {
    super(`there is no ${codename}/${architecture} chroot in ${dir}; create it first`);
    this.name = 'ChrootNotFoundError';
  }
}

/** Updating or removing a chroot while builds use it would pull the ground from under them. */
export class ChrootBusyError extends BuilderError {
  readonly code = BuilderErrorCode.ChrootBusy;
  constructor(
    readonly chroot: string,
    readonly sessions: readonly string[],
  ) {
    super(`chroot ${chroot} is in use by ${sessions.length} schroot session(s) (${sessions.join(', ')}); wait for the builds or cancel them`);
    this.name = 'ChrootBusyError';
  }
}

/** A Debian tool (mmdebstrap, tar, schroot, sbuild, lintian) exited with an unexpected status or could not be started. */
export class ToolFailedError extends BuilderError {
  readonly code = BuilderErrorCode.ToolFailed;
  constructor(
    readonly command: string,
    readonly exitCode: number | undefined,
    readonly output: string,
  ) {
    super(`${command.split(' ')[0]} failed (exit ${exitCode ?? 'none'}): ${command}\n${lastLines(output, 20)}`);
    this.name = 'ToolFailedError';
  }
}

/** A Debian tool ran longer than its time limit; it was stopped with everything it started (its process group). */
export class ToolTimedOutError extends BuilderError {
  readonly code = BuilderErrorCode.ToolTimedOut;
  constructor(
    readonly command: string,
    readonly seconds: number,
  ) {
    super(`${command.split(' ')[0]} did not finish within ${seconds} s and was stopped: ${command}`);
    this.name = 'ToolTimedOutError';
  }
}

/**
 * lintian did not finish within its limit (MBD_LINTIAN_TIMEOUT_S) and was stopped with everything it
 * started. Its input is untrusted: a source that makes lintian run this long is refused, not waited for.
 */
export class LintianTimedOutError extends BuilderError {
  readonly code = BuilderErrorCode.LintianTimedOut;
  constructor(
    /** The .changes, .dsc or .deb lintian was checking. */
    readonly path: string,
    readonly seconds: number,
  ) {
    super(`lintian did not finish checking ${path.split('/').at(-1) ?? path} within ${seconds} s (MBD_LINTIAN_TIMEOUT_S) and was stopped`);
    this.name = 'LintianTimedOutError';
  }
}

/** The build was cancelled through its AbortSignal; sbuild was stopped and its schroot session ended. */
export class BuildCancelledError extends BuilderError {
  readonly code = BuilderErrorCode.BuildCancelled;
  constructor(
    readonly buildId: string,
    readonly logFile: string | undefined,
  ) {
    super(`build ${buildId} was cancelled`);
    this.name = 'BuildCancelledError';
  }
}

/** sbuild ended without a `Status:` in its summary: it broke before or outside the build (mini-buildd's `Sbuild-Status: error`). */
export class SbuildNoSummaryError extends BuilderError {
  readonly code = BuilderErrorCode.SbuildNoSummary;
  constructor(
    readonly buildId: string,
    readonly exitCode: number | undefined,
    readonly logTail: string,
    readonly logFile: string | undefined,
  ) {
    super(`sbuild for build ${buildId} ended (exit ${exitCode ?? 'none'}) without a Status in its summary:\n${logTail}`);
    this.name = 'SbuildNoSummaryError';
  }
}

/** No Debian mirror could be read from the apt configuration. */
export class NoMirrorError extends BuilderError {
  readonly code = BuilderErrorCode.NoMirror;
  constructor(readonly searched: readonly string[]) {
    super(`no Debian mirror (a URIs: field or a deb line) found in ${searched.join(', ')}`);
    this.name = 'NoMirrorError';
  }
}

export const lastLines = (text: string, count: number): string => text.trimEnd().split('\n').slice(-count).join('\n');
