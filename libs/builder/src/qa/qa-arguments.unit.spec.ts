import { describe, expect, it } from 'vitest';
import { autopkgtestArguments } from './autopkgtest-arguments.js';
import { declaresAutopkgtests } from './autopkgtest.adapter.js';
import { piupartsArguments } from './piuparts-arguments.js';

describe('QA tools\' command lines', () => {
  const line = 'deb http://127.0.0.1:8066/repositories/test/ bookworm-test-unstable main';

  it('piuparts: a session of the build chroot, mini-buildd\'s options, the repository as an extra source', () => {
    expect(
      piupartsArguments({ schroot: 'mbd-bookworm-amd64', codename: 'bookworm', mirror: 'http://deb.debian.org/debian', debs: ['/b/x_1_all.deb'], extraSources: [line], bindMount: '/tmp/k' }),
    ).toEqual([
      '--schroot=mbd-bookworm-amd64',
      '--distribution=bookworm',
      '--mirror=http://deb.debian.org/debian main',
      `--extra-repo=${line}`,
      '--bindmount=/tmp/k',
      '--ignore-regex=/build/.*',
      '--no-eatmydata',
      '--dpkg-force-confdef',
      '--warn-on-debsums-errors',
      '--warn-on-leftovers-after-purge',
      '--warn-on-others',
      '/b/x_1_all.deb',
    ]);
  });

  const request = {
    dsc: '/s/x_1.dsc',
    debs: ['/b/x_1_all.deb'],
    schroot: 'mbd-bookworm-amd64',
    session: 'mbd-bookworm-amd64-0b6c7f0e-1f7c-4c79-9a55-000000000000',
    tarball: '/c/bookworm-amd64.tar.zst',
    architecture: 'amd64',
    summaryFile: '/b/x.autopkgtest.summary',
  };

  it('autopkgtest: the .dsc and the built .debs in a named schroot session, never the host (null)', () => {
    const args = autopkgtestArguments({ ...request, mode: 'schroot', extraSources: [line], extraSourcesKey: '/w/archive-key.gpg' });
    expect(args).toEqual([
      '--summary-file=/b/x.autopkgtest.summary',
      '--copy=/w/archive-key.gpg:/etc/apt/trusted.gpg.d/mbd-archive-key.gpg',
      `--add-apt-source=${line}`,
      '/s/x_1.dsc',
      '/b/x_1_all.deb',
      '--',
      'schroot',
      'mbd-bookworm-amd64',
      `--session-id=${request.session}`,
    ]);
    expect(args).not.toContain('null');
  });

  it('autopkgtest: the chroot tarball through the unshare server when not root', () => {
    expect(autopkgtestArguments({ ...request, mode: 'unshare' }).slice(-4)).toEqual(['--', 'unshare', '--tarball=/c/bookworm-amd64.tar.zst', '--arch=amd64']);
  });

  it('a source declares autopkgtests by its Testsuite field', () => {
    expect(declaresAutopkgtests('Format: 3.0 (native)\nSource: x\nTestsuite: autopkgtest\n')).toBe(true);
    expect(declaresAutopkgtests('Format: 3.0 (native)\nSource: x\nTestsuite: autopkgtest-pkg-python\n')).toBe(true);
    expect(declaresAutopkgtests('Format: 3.0 (native)\nSource: x\n')).toBe(false);
  });
});
