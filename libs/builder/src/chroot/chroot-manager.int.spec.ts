import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { ChrootBusyError, ChrootExistsError } from '../errors.js';
import { endSchrootSession, listSchrootSessions } from '../schroot/schroot-sessions.js';
import { ensureTestChroot, testChroots } from '../testing/test-chroot.js';
import type { Chroot } from './chroot.js';

const notRoot = process.getuid?.() !== 0;

describe.skipIf(notRoot)('ChrootManager (mmdebstrap, schroot overlay; needs root)', () => {
  let chroot: Chroot;

  beforeAll(async () => {
    const started = performance.now();
    const ensured = await ensureTestChroot('bookworm', 'amd64');
    chroot = ensured.chroot;
    if (ensured.made) console.log(`made the bookworm/amd64 test chroot in ${((performance.now() - started) / 1000).toFixed(1)} s (${(chroot.tarball.size / 2 ** 20).toFixed(0)} MiB)`);
  });

  it('records the tarball with its real SHA-256 and size, and lists the chroot', async () => {
    const hash = createHash('sha256');
    await pipeline(createReadStream(chroot.tarball.path), hash);
    expect(chroot.tarball.sha256).toBe(hash.digest('hex'));
    expect(chroot.tarball.path).toMatch(/\/bookworm-amd64\.tar\.zst$/);
    expect(chroot).toMatchObject({ codename: 'bookworm', architecture: 'amd64', name: 'mbd-test-bookworm-amd64', mode: 'schroot' });
    expect((await testChroots().list()).map((listed) => listed.name)).toContain('mbd-test-bookworm-amd64');
  });

  it('is a schroot chroot with debhelper and kept package lists, and a session never changes it', async () => {
    const name = chroot.name;
    const conf = await readFile(chroot.schrootConf ?? '', 'utf8');
    expect(conf).toContain('union-type=overlay');
    expect(conf).toContain('command-prefix=eatmydata');
    const session = (await execa('schroot', ['--begin-session', '--chroot', name])).stdout.trim();
    try {
      const run = (command: string) => execa('schroot', ['--run-session', '--chroot', session, '--user', 'root', '--directory', '/', '--', 'sh', '-c', command]);
      expect((await run('dpkg-query -W -f=\'${Status}\' debhelper fakeroot build-essential eatmydata')).stdout).toBe('install ok installed'.repeat(4));
      expect((await run('echo $LD_PRELOAD')).stdout).toContain('libeatmydata');
      expect((await run('ls /var/lib/apt/lists')).stdout).toMatch(/_Packages$/m);
      await run('touch /etc/mbd-session-was-here && rm /usr/bin/dpkg-buildpackage');
      expect((await run('test -e /etc/mbd-session-was-here && echo yes')).stdout).toBe('yes');
      expect(existsSync(`${chroot.directory}/etc/mbd-session-was-here`)).toBe(false);
      expect(existsSync(`${chroot.directory}/usr/bin/dpkg-buildpackage`)).toBe(true);

      expect(await listSchrootSessions(name)).toEqual([session]);
      await expect(testChroots().remove('bookworm', 'amd64')).rejects.toBeInstanceOf(ChrootBusyError);
    } finally {
      await endSchrootSession(session);
    }
    expect(await listSchrootSessions(name)).toEqual([]);
  });

  it('refuses to create a chroot that exists', async () => {
    await expect(testChroots().create({ codename: 'bookworm', architecture: 'amd64', mirror: chroot.mirror })).rejects.toBeInstanceOf(ChrootExistsError);
  });
});
