import { describe, expect, it } from 'vitest';
import type { BuildJob } from '../build/builder.port.js';
import { sbuildInvocation } from './sbuild-arguments.js';

const job: BuildJob = {
  buildId: 'b1',
  dsc: '/srv/in/hello_1.0~test12+1.dsc',
  distribution: 'bookworm-test-unstable',
  codename: 'bookworm',
  architecture: 'amd64',
  archAll: true,
  outputDir: '/srv/out/b1',
};

describe('sbuildInvocation', () => {
  it('builds binaries only, for the job\'s distribution and architecture, in the named schroot chroot', () => {
    const { args, env } = sbuildInvocation(job, { mode: 'schroot', argument: 'mbd-bookworm-amd64' });
    expect(args).toEqual(expect.arrayContaining(['--chroot-mode=schroot', '--chroot=mbd-bookworm-amd64', '--dist=bookworm-test-unstable', '--arch=amd64', '--arch-all', '--no-source', '--no-run-lintian', '--verbose', '--nolog']));
    expect(args).not.toContain('--no-arch-all');
    expect(args.at(-1)).toBe(job.dsc);
    expect(env).toMatchObject({ HOME: '/srv/out/b1', DEB_BUILD_OPTIONS: 'noautodbgsym' });
  });

  it('uses the tarball in unshare mode and skips arch:all when asked', () => {
    const { args } = sbuildInvocation({ ...job, archAll: false }, { mode: 'unshare', argument: '/var/lib/mbd/chroots/bookworm-amd64.tar.zst' });
    expect(args).toEqual(expect.arrayContaining(['--chroot-mode=unshare', '--chroot=/var/lib/mbd/chroots/bookworm-amd64.tar.zst', '--no-arch-all']));
  });

  it('passes extra repositories with their keys, build options and profiles', () => {
    const { args, env } = sbuildInvocation(
      {
        ...job,
        extraRepositories: [{ line: 'deb http://127.0.0.1:8066/repositories/test bookworm-test-unstable main', keyFile: '/srv/key.asc' }, { line: 'deb http://other/ x main' }],
        debBuildOptions: ['nocheck', 'parallel=2'],
        debBuildProfiles: ['nodoc', 'nocheck'],
        debugSymbols: true,
      },
      { mode: 'schroot', argument: 'mbd-bookworm-amd64' },
    );
    expect(args).toEqual(
      expect.arrayContaining([
        '--extra-repository=deb http://127.0.0.1:8066/repositories/test bookworm-test-unstable main',
        '--extra-repository-key=/srv/key.asc',
        '--extra-repository=deb http://other/ x main',
        '--profiles=nodoc,nocheck',
      ]),
    );
    expect(args.filter((arg) => arg.startsWith('--extra-repository-key'))).toHaveLength(1);
    expect(env.DEB_BUILD_OPTIONS).toBe('nocheck parallel=2');
  });
});
