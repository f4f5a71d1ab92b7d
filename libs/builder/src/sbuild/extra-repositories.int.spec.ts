import { existsSync } from 'node:fs';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BuildJob } from '../build/builder.port.js';
import type { Chroot } from '../chroot/chroot.js';
import { endSchrootSession } from '../schroot/schroot-sessions.js';
import { ensureTestChroot } from '../testing/test-chroot.js';
import { EXTRA_REPOSITORY_PREFERENCES, EXTRA_REPOSITORY_SOURCES, sbuildInvocation } from './sbuild-arguments.js';

const notRoot = process.getuid?.() !== 0;

/**
 * The chroot setup command sbuild runs for a job's extra repositories, run as sbuild runs it (root, /bin/sh,
 * in a schroot session of the real test chroot). The extra repositories are two suites of the machine's
 * Debian mirror, the first given the Debian archive key (armored), the second none: one key signs both.
 */
describe.skipIf(notRoot)('the extra repositories command in a real chroot session (needs root and the mirror)', () => {
  let chroot: Chroot;
  let session: string;
  const run = (command: string) => execa('schroot', ['--run-session', '--chroot', session, '--user', 'root', '--directory', '/', '--', 'sh', '-c', command]);

  beforeAll(async () => {
    chroot = (await ensureTestChroot('bookworm', 'amd64')).chroot;
    session = (await execa('schroot', ['--begin-session', '--chroot', chroot.name])).stdout.trim();
  });
  afterAll(async () => {
    if (session !== undefined) await endSchrootSession(session);
  });

  it('adds the sources signed by the key, pins them, updates only them and keeps the Debian lists; the chroot itself is untouched', async () => {
    const key = (await execa('gpg', ['--no-default-keyring', '--keyring', '/usr/share/keyrings/debian-archive-keyring.gpg', '--export', '--armor'])).stdout;
    const job: BuildJob = {
      buildId: 'b',
      dsc: '/x.dsc',
      distribution: 'bookworm',
      codename: 'bookworm',
      architecture: 'amd64',
      archAll: true,
      outputDir: '/tmp',
      extraRepositories: [
        { line: `deb ${chroot.mirror} bookworm-updates main`, keyFile: '/k.asc', pin: { release: 'bookworm-updates', priority: 1 } },
        { line: `deb ${chroot.mirror} bookworm-backports main`, pin: { release: 'bookworm-backports', priority: 1 } },
      ],
    };
    const { args } = sbuildInvocation(job, { mode: 'schroot', argument: chroot.name, indicesFresh: true, keys: new Map([['/k.asc', `${key}\n`]]) });
    const setup = args.find((arg) => arg.startsWith('--chroot-setup-commands='))!.slice('--chroot-setup-commands='.length);
    const before = (await run('ls /var/lib/apt/lists')).stdout;
    await run(setup);

    const lists = (await run('ls /var/lib/apt/lists')).stdout.split('\n');
    expect(lists).toEqual(expect.arrayContaining(before.split('\n')));
    expect(lists.some((name) => name.includes('bookworm-updates_main_binary-amd64_Packages'))).toBe(true);
    expect(lists.some((name) => name.includes('bookworm-backports_main_binary-amd64_Packages'))).toBe(true);
    const policy = (await run('apt-cache policy')).stdout;
    expect(policy).toMatch(/^\s+1 \S+ bookworm-updates\/main amd64 Packages$/m);
    expect(policy).toMatch(/^\s+500 \S+ bookworm\/main amd64 Packages$/m);
    expect(existsSync(`${chroot.directory}${EXTRA_REPOSITORY_SOURCES}`)).toBe(false);
    expect(existsSync(`${chroot.directory}${EXTRA_REPOSITORY_PREFERENCES}`)).toBe(false);
  });
});
