import type { QaStatus } from './qa-check.js';
import { boundedSummary } from './qa-check.js';

/** piuparts' log lines: `<elapsed> <LEVEL>: <message>` (e.g. `0m18.3s ERROR: Command failed (status=1): [...]`). */
const logLine = /^\s*\d+m\d+(?:\.\d+)?s (INFO|WARN|ERROR|FAIL|DEBUG|DUMP): (.*)$/;
/** `New schroot session in '/var/run/schroot/mount/<session>'` */
const sessionLine = /New schroot session in '.*\/([^/']+)'/;
/** A command piuparts ran in the chroot: `Command failed (status=N): ['schroot', …, '--', 'dpkg', '--purge', 'pkg']`. */
const failedCommand = /^Command failed \(status=(\d+)\): \[(.*)\]$/;

/** `Command failed (status=1): dpkg --purge mbd-test-x` instead of the schroot call around it. */
const readableMessage = (message: string): string => {
  const match = failedCommand.exec(message);
  if (!match) return message;
  const words = [...match[2]!.matchAll(/'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)"/g)].map((word) => word[1] ?? word[2] ?? '');
  const separator = words.indexOf('--');
  return `command failed (status ${match[1]}): ${(separator >= 0 ? words.slice(separator + 1) : words).join(' ')}`;
};

/**
 * Reads piuparts' output as it streams: the schroot session it opened (to end it if piuparts is
 * killed), its warnings (with mbd's `--warn-on-*` options, problems piuparts only warns about) and its
 * first error or failure. Then tells the verdict from its exit status (verdict()).
 */
export class PiupartsLog {
  /** The schroot session piuparts opened, once it said so. */
  session: string | undefined;
  private readonly warnings: string[] = [];
  private firstProblem: string | undefined;
  private passed = false;

  see(line: string): void {
    const match = logLine.exec(line);
    if (!match) return;
    const [, level, message] = match as unknown as [string, string, string];
    if (this.session === undefined) this.session = sessionLine.exec(message)?.[1];
    if (level === 'WARN') this.warnings.push(message);
    if ((level === 'ERROR' || level === 'FAIL') && this.firstProblem === undefined && message !== 'piuparts run ends.') this.firstProblem = readableMessage(message);
    if (level === 'INFO' && message === 'PASS: All tests.') this.passed = true;
  }

  /**
   * pass (exit 0, no warnings), warn (exit 0 with warnings), fail (piuparts ran in its chroot and
   * found the package wanting), error (piuparts could not make its chroot, timed out, or ended otherwise).
   */
  verdict(exit: { readonly exitCode: number | undefined; readonly timedOut: boolean; readonly aborted?: boolean }, timeoutSeconds: number): { status: QaStatus; summary: string } {
    if (exit.timedOut) return { status: 'error', summary: `piuparts did not finish within ${timeoutSeconds} s and was stopped` };
    if (exit.aborted) return { status: 'error', summary: 'piuparts was stopped (the build was cancelled)' };
    if (exit.exitCode === 0 && this.passed) {
      if (this.warnings.length === 0) return { status: 'pass', summary: 'all tests passed' };
      return { status: 'warn', summary: boundedSummary(`${this.warnings.length} warning(s): ${this.warnings.join('; ')}`) };
    }
    if (this.session !== undefined && this.firstProblem !== undefined) return { status: 'fail', summary: boundedSummary(this.firstProblem) };
    return {
      status: 'error',
      summary: boundedSummary(`piuparts ended (exit ${exit.exitCode ?? 'none'}) before testing the package${this.firstProblem ? `: ${this.firstProblem}` : ''}`),
    };
  }
}
