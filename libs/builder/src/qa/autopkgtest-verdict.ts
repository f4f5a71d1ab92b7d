import type { QaStatus } from './qa-check.js';
import { boundedSummary } from './qa-check.js';

/** One line of autopkgtest's summary file: `<test> <RESULT> [<why>]`. */
const summaryLine = /^(\S+)\s+(PASS|FAIL|SKIP|FLAKY|ERROR|NEUTRAL)\b\s*(.*)$/;
/** autopkgtest's own complaint lines: `autopkgtest [hh:mm:ss]: ERROR: …`, `blame: …`, `badpkg: …`. */
const problemLine = /^(?:autopkgtest \[[\d:]+\]: ERROR: |badpkg: |erroneous package: )(.*)$/;

/**
 * autopkgtest's verdict from its exit status (autopkgtest(1) EXIT STATUS), as sbuild reads it: 0 and 2
 * (some tests skipped) pass, 8 (no tests ran) is mini-buildd's `no tests` warning, 4 and 6 (a test
 * failed) and 12 (the package is erroneous: unsatisfiable test dependencies, a bad tests/control) fail,
 * everything else (14 chroot, 16 testbed, 20 other failure, killed) is an error of the run itself.
 */
export function autopkgtestVerdict(
  exit: { readonly exitCode: number | undefined; readonly timedOut: boolean; readonly aborted?: boolean },
  summaryText: string,
  logTail: string,
  timeoutSeconds: number,
): { status: QaStatus; summary: string } {
  if (exit.timedOut) return { status: 'error', summary: `autopkgtest did not finish within ${timeoutSeconds} s and was stopped` };
  if (exit.aborted) return { status: 'error', summary: 'autopkgtest was stopped (the build was cancelled)' };
  const results = summaryText
    .split('\n')
    .map((line) => summaryLine.exec(line.trim()))
    .filter((match): match is RegExpExecArray => match !== null)
    .map((match) => ({ test: match[1]!, result: match[2]!, why: match[3]!.trim() }));
  const describe = (list: typeof results): string => list.map((entry) => `${entry.test} ${entry.result}${entry.why ? ` ${entry.why}` : ''}`).join('; ');
  const problem = logTail
    .split('\n')
    .map((line) => problemLine.exec(line.trim())?.[1])
    .find((message) => message !== undefined);
  switch (exit.exitCode) {
    case 0:
    case 2:
      return { status: 'pass', summary: boundedSummary(describe(results) || 'all tests passed') };
    case 8:
      return { status: 'warn', summary: boundedSummary(`no tests${results.length > 0 ? `: ${describe(results)}` : ''}`) };
    case 4:
    case 6: {
      const failed = results.filter((entry) => entry.result === 'FAIL' || entry.result === 'ERROR');
      return { status: 'fail', summary: boundedSummary(describe(failed.length > 0 ? failed : results) || 'a test failed') };
    }
    case 12:
      return { status: 'fail', summary: boundedSummary(`erroneous package${problem ? `: ${problem}` : ''}`) };
    default:
      return { status: 'error', summary: boundedSummary(`autopkgtest ended with exit ${exit.exitCode ?? 'none'}${problem ? `: ${problem}` : ''}`) };
  }
}
