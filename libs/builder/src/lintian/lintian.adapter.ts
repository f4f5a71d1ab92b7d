import { runTool } from '../run-tool.js';
import { type LintianReport, parseLintianOutput } from './parse-lintian-output.js';

export interface LintianOptions {
  /** More lintian options (mini-buildd's `lintian_extra_options`, e.g. `--info`). */
  readonly extraOptions?: readonly string[];
  readonly signal?: AbortSignal;
}

/**
 * Runs lintian on a .changes, .dsc or .deb and reports its tags. Always suppresses
 * `bad-distribution-in-changes-file` (mbd's distributions are not Debian's, gotcha G7). What the
 * tags mean for an upload (mini-buildd's modes disabled, ignore, errfail, warnfail) is the caller's call:
 * this runs with `--fail-on none`, so any non-zero exit is lintian itself failing (ToolFailedError).
 * It is this machine's lintian, not one inside the build chroot: nothing to install per build.
 */
export class Lintian {
  constructor(private readonly program = 'lintian') {}

  async check(path: string, options: LintianOptions = {}): Promise<LintianReport> {
    const { stdout } = await runTool(
      this.program,
      ['--fail-on', 'none', '--suppress-tags', 'bad-distribution-in-changes-file', ...(options.extraOptions ?? []), path],
      { signal: options.signal, env: { LC_ALL: 'C.UTF-8' } },
    );
    return parseLintianOutput(stdout);
  }
}
