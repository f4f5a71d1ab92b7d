import { describe, expect, it } from 'vitest';
import { PiupartsLog } from './piuparts-log.js';

const session = 'mbd-bookworm-amd64-2405cc6a-ed0f-11f1-a20e-02fc00000001-piuparts';
const opened = `0m0.3s INFO: New schroot session in '/var/run/schroot/mount/${session}'`;
const read = (...lines: string[]): PiupartsLog => {
  const log = new PiupartsLog();
  lines.forEach((line) => log.see(line));
  return log;
};

describe('PiupartsLog (piuparts 1.1.7 output)', () => {
  it('learns the schroot session piuparts opened', () => {
    expect(read('0m0.0s INFO: piuparts version 1.1.7 starting up.', opened).session).toBe(session);
  });

  it('passes a clean run', () => {
    expect(read(opened, '0m17.1s INFO: PASS: All tests.', '0m17.1s INFO: piuparts run ends.').verdict({ exitCode: 0, timedOut: false }, 60)).toEqual({
      status: 'pass',
      summary: 'all tests passed',
    });
  });

  it('warns when a problem was only a warning (files left after purge)', () => {
    const log = read(opened, '0m16.0s WARN: Package purging left files on system:', '0m17.1s INFO: PASS: All tests.');
    expect(log.verdict({ exitCode: 0, timedOut: false }, 60)).toEqual({ status: 'warn', summary: '1 warning(s): Package purging left files on system:' });
  });

  it('fails with the failing command inside the chroot, not the schroot call around it', () => {
    const log = read(
      opened,
      `0m18.3s ERROR: Command failed (status=1): ['schroot', '--preserve-environment', '--run-session', '--chroot', 'session:${session}', '--directory', '/', '-u', 'root', '--', 'dpkg', '--purge', 'mbd-test-piuparts-fail']`,
      '  dpkg: error processing package mbd-test-piuparts-fail (--purge):',
      '0m18.8s ERROR: piuparts run ends.',
    );
    expect(log.verdict({ exitCode: 1, timedOut: false }, 60)).toEqual({ status: 'fail', summary: 'command failed (status 1): dpkg --purge mbd-test-piuparts-fail' });
  });

  it('is an error when piuparts ended before it had a chroot', () => {
    const log = read("0m0.1s ERROR: Command failed (status=1): ['schroot', '--begin-session', '--chroot', 'mbd-nope']", '0m0.1s ERROR: piuparts run ends.');
    expect(log.verdict({ exitCode: 1, timedOut: false }, 60)).toEqual({
      status: 'error',
      summary: 'piuparts ended (exit 1) before testing the package: command failed (status 1): schroot --begin-session --chroot mbd-nope',
    });
  });

  it('is an error when it was stopped, naming the limit', () => {
    expect(read(opened).verdict({ exitCode: undefined, timedOut: true }, 1800)).toEqual({ status: 'error', summary: 'piuparts did not finish within 1800 s and was stopped' });
  });
});
