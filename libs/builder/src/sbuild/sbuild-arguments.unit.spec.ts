import { describe, expect, it } from 'vitest';
import type { BuildJob } from '../build/builder.port.js';
import { EXTRA_REPOSITORY_PREFERENCES, EXTRA_REPOSITORY_SOURCES, extraRepositoryKeyPath, sbuildInvocation } from './sbuild-arguments.js';

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

  const setupOf = (args: readonly string[]): string => {
    const setup = args.filter((arg) => arg.startsWith('--chroot-setup-commands='));
    expect(setup).toHaveLength(1);
    return setup[0]!.slice('--chroot-setup-commands='.length);
  };
  /** The files the setup command writes (`echo '<base64>' | base64 -d > path`), by path. */
  const writtenBy = (command: string): Map<string, string> =>
    new Map([...command.matchAll(/echo '([A-Za-z0-9+/=]*)' \| base64 -d > (\S+)/g)].map((match) => [match[2]!, Buffer.from(match[1]!, 'base64').toString()]));
  const key = '-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nxjMEZ...\n-----END PGP PUBLIC KEY BLOCK-----\n';

  it('adds the extra repositories signed by the keys given with them (a key given once signs them all), and passes build options and profiles', () => {
    const { args, env } = sbuildInvocation(
      {
        ...job,
        extraRepositories: [{ line: 'deb http://127.0.0.1:8066/repositories/test bookworm-test-unstable main', keyFile: '/srv/key.asc' }, { line: 'deb http://other/ x main' }],
        debBuildOptions: ['nocheck', 'parallel=2'],
        debBuildProfiles: ['nodoc', 'nocheck'],
        debugSymbols: true,
      },
      { mode: 'schroot', argument: 'mbd-bookworm-amd64', keys: new Map([['/srv/key.asc', key]]) },
    );
    expect(args).toContain('--profiles=nodoc,nocheck');
    expect(args.some((arg) => arg.startsWith('--extra-repository'))).toBe(false);
    const setup = setupOf(args);
    expect(setup).not.toContain('%');
    const files = writtenBy(setup);
    expect(files.get(extraRepositoryKeyPath(0))).toBe(key);
    expect(files.get(EXTRA_REPOSITORY_SOURCES)).toBe(
      `deb [signed-by=${extraRepositoryKeyPath(0)}] http://127.0.0.1:8066/repositories/test bookworm-test-unstable main\ndeb [signed-by=${extraRepositoryKeyPath(0)}] http://other/ x main\n`,
    );
    expect(files.has(EXTRA_REPOSITORY_PREFERENCES)).toBe(false);
    expect(env.DEB_BUILD_OPTIONS).toBe('nocheck parallel=2');
  });

  it('with fresh Debian indices, skips sbuild\'s apt update and updates only the extra repositories, keeping the other lists', () => {
    const extra = { ...job, extraRepositories: [{ line: 'deb [arch=amd64] http://127.0.0.1:8066/repositories/test bookworm-test-unstable main', keyFile: '/k' }] };
    const fresh = sbuildInvocation(extra, { mode: 'schroot', argument: 'c', indicesFresh: true, keys: new Map([['/k', key]]) });
    expect(fresh.args).toContain('--no-apt-update');
    const setup = setupOf(fresh.args);
    expect(setup.endsWith(`apt-get update -o Dir::Etc::sourcelist=${EXTRA_REPOSITORY_SOURCES} -o Dir::Etc::sourceparts=- -o APT::Get::List-Cleanup=0`)).toBe(true);
    expect(writtenBy(setup).get(EXTRA_REPOSITORY_SOURCES)).toBe(`deb [arch=amd64 signed-by=${extraRepositoryKeyPath(0)}] http://127.0.0.1:8066/repositories/test bookworm-test-unstable main\n`);
    const stale = sbuildInvocation(extra, { mode: 'schroot', argument: 'c', keys: new Map([['/k', key]]) });
    expect(stale.args).not.toContain('--no-apt-update');
    expect(setupOf(stale.args)).not.toContain('apt-get update');
    const none = sbuildInvocation(job, { mode: 'schroot', argument: 'c', indicesFresh: true });
    expect(none.args).toContain('--no-apt-update');
    expect(none.args.some((arg) => arg.startsWith('--chroot-setup-commands'))).toBe(false);
  });

  it('refuses a key it was not given and a line that is not a one-line source', () => {
    expect(() => sbuildInvocation({ ...job, extraRepositories: [{ line: 'deb http://x/ y main', keyFile: '/k' }] }, { mode: 'schroot', argument: 'c' })).toThrow(/was not read/);
    expect(() => sbuildInvocation({ ...job, extraRepositories: [{ line: 'deb-src http://x/ y main' }] }, { mode: 'schroot', argument: 'c' })).toThrow(/not a one-line apt source/);
  });

  it('passes the upload\'s add-depends, and no setup command without extra repositories', () => {
    const { args } = sbuildInvocation({ ...job, addDepends: ['libfoo-dev (>= 1.2), bar | baz'] }, { mode: 'schroot', argument: 'c' });
    expect(args).toContain('--add-depends=libfoo-dev (>= 1.2), bar | baz');
    expect(args.some((arg) => arg.startsWith('--chroot-setup-commands'))).toBe(false);
  });

  it('pins the extra repositories by their release codename in one preferences file apt reads', () => {
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
    const setup = setupOf(args);
    expect(writtenBy(setup).get(EXTRA_REPOSITORY_PREFERENCES)).toBe(
      'Package: *\nPin: release n=bookworm-test-unstable\nPin-Priority: 543\n\nPackage: *\nPin: release n=bookworm-test-testing\nPin-Priority: 543\n',
    );
    expect(setup).not.toContain('%');
    expect(args.at(-1)).toBe(job.dsc);
  });

  it('refuses a pin that would not be a plain word in the shell command', () => {
    const pinned = (release: string, priority = 1) => ({ ...job, extraRepositories: [{ line: 'deb http://x/ y main', pin: { release, priority } }] });
    expect(() => sbuildInvocation(pinned("x'; reboot; '"), { mode: 'schroot', argument: 'c' })).toThrow(/not a release codename/);
    expect(() => sbuildInvocation(pinned('x', 1.5), { mode: 'schroot', argument: 'c' })).toThrow(/not an apt priority/);
  });
});
