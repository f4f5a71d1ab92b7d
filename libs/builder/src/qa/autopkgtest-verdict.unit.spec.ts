import { describe, expect, it } from 'vitest';
import { autopkgtestVerdict } from './autopkgtest-verdict.js';

const ran = (exitCode: number | undefined) => ({ exitCode, timedOut: false });

describe('autopkgtestVerdict (autopkgtest 5.28 exit statuses, as sbuild reads them)', () => {
  it('passes 0 and 2 (some tests skipped), with the summary lines', () => {
    expect(autopkgtestVerdict(ran(0), 'command1             PASS\n', '', 60)).toEqual({ status: 'pass', summary: 'command1 PASS' });
    expect(autopkgtestVerdict(ran(2), 'command1 PASS\ncommand2 SKIP needs-internet\n', '', 60)).toEqual({ status: 'pass', summary: 'command1 PASS; command2 SKIP needs-internet' });
  });

  it('warns "no tests" on 8 (mini-buildd counts it as a warning)', () => {
    expect(autopkgtestVerdict(ran(8), 'command1 PASS (superficial)\n', '', 60)).toEqual({ status: 'warn', summary: 'no tests: command1 PASS (superficial)' });
  });

  it('fails on 4 and 6 with the failed tests only', () => {
    const summary = 'command1 PASS\ncommand2             FAIL non-zero exit status 1\n';
    expect(autopkgtestVerdict(ran(4), summary, '', 60)).toEqual({ status: 'fail', summary: 'command2 FAIL non-zero exit status 1' });
    expect(autopkgtestVerdict(ran(6), summary, '', 60).status).toBe('fail');
  });

  it('fails an erroneous package (12) with autopkgtest\'s reason', () => {
    const log = 'autopkgtest [22:39:17]: test command1: preparing testbed\nbadpkg: Test dependencies are unsatisfiable. A common reason is that …\n';
    expect(autopkgtestVerdict(ran(12), '', log, 60)).toEqual({ status: 'fail', summary: 'erroneous package: Test dependencies are unsatisfiable. A common reason is that …' });
  });

  it('is an error when the testbed broke (16) or autopkgtest was stopped', () => {
    const log = 'autopkgtest [22:40:27]: ERROR: testbed failure: cannot begin session\n';
    expect(autopkgtestVerdict(ran(16), '', log, 60)).toEqual({ status: 'error', summary: 'autopkgtest ended with exit 16: testbed failure: cannot begin session' });
    expect(autopkgtestVerdict({ exitCode: undefined, timedOut: true }, '', '', 1800)).toEqual({ status: 'error', summary: 'autopkgtest did not finish within 1800 s and was stopped' });
  });
});
