import { ToolTimedOutError, LintianTimedOutError } from '../errors.js';
import { runTool } from '../run-tool.js';
import { type LintianReport, parseLintianOutput } from './parse-lintian-output.js';

export interface LintianOptions {
  /** More lintian options (mini-buildd's `lintian_extra_options`, e.g. `--info`). */
  readonly extraOptions?: readonly string[];
  readonly signal?: AbortSignal;
}

export interface LintianSettings {
  /** How long one check may take (MBD_LINTIAN_TIMEOUT_S); default 300 s. */
  readonly timeoutSeconds?: number;
  /** lintian runs under `nice -n` this (default 10), below the daemon and the builds. */
  readonly niceness?: number;
  /** How long lintian may clean up after SIGTERM before its process group is killed (default 5 s). */
  readonly killGraceMs?: number;
  readonly program?: string;
}

/**
 * Runs lintian on a .changes, .dsc or .deb and reports its tags. Always suppresses
 * `bad-distribution-in-changes-file` (mbd's distributions are not Debian's, gotcha G7). What the
 * tags mean for an upload (mini-buildd's modes disabled, ignore, errfail, warnfail) is the caller's call:
 * this runs with `--fail-on none`, so any non-zero exit is lintian itself failing (ToolFailedError).
 * It is this machine's lintian, not one inside the build chroot: nothing to install per build.
 * It unpacks untrusted input, so it is bounded: it runs niced in its own process group, which is
 * killed when it takes longer than `timeoutSeconds` (LintianTimedOutError, naming the limit).
 */
export class Lintian {
  readonly timeoutSeconds: number;
  private readonly niceness: number;
  private readonly killGraceMs: number;
  private readonly program: string;

  constructor(settings: LintianSettings = {}) {
    this.timeoutSeconds = settings.timeoutSeconds ?? 300;
    this.niceness = settings.niceness ?? 10;
    this.killGraceMs = settings.killGraceMs ?? 5000;
    this.program = settings.program ?? 'lintian';
  }

  async check(path: string, options: LintianOptions = {}): Promise<LintianReport> {
    try {
      const { stdout } = await runTool(
        this.program,
        ['--fail-on', 'none', '--suppress-tags', 'bad-distribution-in-changes-file', ...(options.extraOptions ?? []), path],
        { signal: options.signal, env: { LC_ALL: 'C.UTF-8' }, timeoutMs: this.timeoutSeconds * 1000, killGraceMs: this.killGraceMs, niceness: this.niceness },
      );
      return parseLintianOutput(stdout);
    } catch (error) {
      if (error instanceof ToolTimedOutError) throw new LintianTimedOutError(path, this.timeoutSeconds);
      throw error;
    }
  }
}
