import { describe, expect, it } from 'vitest';
import type { BuildJob } from '../build/builder.port.js';
import { EXTRA_REPOSITORY_PREFERENCES, sbuildInvocation } from './sbuild-arguments.js';

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

  it('passes the upload\'s add-depends, and no pin command when no repository is pinned', () => {
    const { args } = sbuildInvocation({ ...job, addDepends: ['libfoo-dev (>= 1.2), bar | baz'] }, { mode: 'schroot', argument: 'c' });
    expect(args).toContain('--add-depends=libfoo-dev (>= 1.2), bar | baz');
    expect(args.some((arg) => arg.startsWith('--chroot-setup-commands'))).toBe(false);
  });

  it('pins the extra repositories by their release codename with one chroot setup command apt reads', () => {
    const { args } = sbuildInvocation(
      {
        ...job,
        extraRepositories: [
          { line: 'deb http://127.0.0.1:8066/repositories/test/ bookworm-test-unstable main', pin: { release: 'bookworm-test-unstable', priority: 543 } },
          { line: 'deb http://127.0.0.1:8066/repositories/test/ bookworm-test-testing main', pin: { release: 'bookworm-test-testing', priority: 543 } },
        ],
      },
      { mode: 'unshare', argument: '/c.tar' },
    );
    const setup = args.filter((arg) => arg.startsWith('--chroot-setup-commands='));
    expect(setup).toEqual([
      `--chroot-setup-commands=printf 'Package: *\\nPin: release n=bookworm-test-unstable\\nPin-Priority: 543\\n\\nPackage: *\\nPin: release n=bookworm-test-testing\\nPin-Priority: 543\\n' > ${EXTRA_REPOSITORY_PREFERENCES}`,
    ]);
    expect(setup[0]).not.toContain('%');
    expect(args.at(-1)).toBe(job.dsc);
  });

  it('refuses a pin that would not be a plain word in the shell command', () => {
    const pinned = (release: string, priority = 1) => ({ ...job, extraRepositories: [{ line: 'deb http://x/ y main', pin: { release, priority } }] });
    expect(() => sbuildInvocation(pinned("x'; reboot; '"), { mode: 'schroot', argument: 'c' })).toThrow(/not a release codename/);
    expect(() => sbuildInvocation(pinned('x', 1.5), { mode: 'schroot', argument: 'c' })).toThrow(/not an apt priority/);
  });
});
