/**
 * mini-buildd's keyring_packages, bootstrap-apt and test_packages end to end (issue 13): `mbd
 * keyring-packages` makes test-archive-keyring, mbd's own pipeline builds and installs it in unstable
 * and migrates it to stable; a clean bookworm chroot bootstraps apt with the one documented command
 * and then trusts the archive through the package's own keyring and .sources alone; `mbd
 * test-packages --with-check` passes on the experimental suite.
 */
import { execFile } from 'node:child_process';
import { existsSync, lstatSync, mkdtempSync, readdirSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChroot } from '../support/daemon-chroot.js';
import { removeDataDir, settled, startDaemon, type RunningDaemon } from '../support/daemon.js';

const run = promisify(execFile);
const NAME = 'test-archive-keyring';

interface Placed {
  distribution: string;
  source: string;
  version: string;
}

describe('keyring packages, bootstrap-apt and test packages', () => {
  let daemon: RunningDaemon;
  let version: string;

  const placed = async (source: string): Promise<Placed[]> => (await daemon.api<Placed[]>('GET', `/api/packages?source=${source}`, undefined, false)).body;

  beforeAll(async () => {
    daemon = await startDaemon({ env: { MBD_BUILD_JOBS: '1' } });
    await createChroot(daemon);
  });

  afterAll(async () => {
    await daemon?.cli('chroot', 'remove', 'bookworm', 'amd64');
    await daemon?.stop();
    if (daemon) removeDataDir(daemon);
  });

  it('refuses an anonymous call and a distribution that takes no uploads, uploading nothing', async () => {
    expect((await daemon.api('POST', '/api/keyring-packages', {}, false)).status).toBe(401);
    const closed = await daemon.api<{ message: string }>('POST', '/api/keyring-packages', { distributions: ['bookworm-test-stable'] });
    expect(closed.status).toBe(400);
    expect(closed.body.message).toContain('takes no uploads');
    expect((await daemon.api('POST', '/api/keyring-packages', { distributions: ['bookworm-nowhere-unstable'] })).status).toBe(404);
    expect((await daemon.api('POST', '/api/keyring-packages', { bogus: true })).status).toBe(400);
    expect(await placed(NAME)).toEqual([]);
  });

  it('mbd keyring-packages: installed in unstable through the own pipeline, then migrated to stable', async () => {
    const result = await daemon.cli('keyring-packages', '--json');
    expect(result.code, result.stderr).toBe(0);
    const { uploads } = JSON.parse(result.stdout) as { uploads: { distribution: string; source: string; version: string; changes: string }[] };
    expect(uploads).toHaveLength(1);
    expect(uploads[0]).toMatchObject({ distribution: 'bookworm-test-unstable', source: NAME });
    version = uploads[0]!.version;
    expect(version).toMatch(/^\d{14}~test12\+1$/);
    await expect
      .poll(async () => (await placed(NAME)).map((entry) => `${entry.distribution} ${entry.version}`).sort(), { timeout: 900_000, interval: 3000 })
      .toEqual([`bookworm-test-stable ${version}`, `bookworm-test-testing ${version}`, `bookworm-test-unstable ${version}`]);
    await settled(daemon);
  });

  it('a clean client bootstraps apt with the one documented command, then trusts the archive through the package alone', async () => {
    const root = mkdtempSync(join(tmpdir(), 'mbd-bootstrap-'));
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive', LC_ALL: 'C' };
    try {
      await run('tar', ['--zstd', '-xf', join(daemon.dataDir, 'chroots', 'bookworm-amd64.tar.zst'), '-C', root]);
      rmSync(join(root, 'etc/apt/sources.list'), { force: true }); // no Debian mirror: only what the bootstrap leaves
      // README: curl -fsS <url>/repositories/<id>/bootstrap-apt.sh | sh -s [codename] [suite]; apt's own downloader here (no curl in a buildd chroot).
      await run('chroot', [root, '/usr/lib/apt/apt-helper', 'download-file', `${daemon.url}/repositories/test/bootstrap-apt.sh`, '/tmp/bootstrap-apt.sh'], { env });
      const bootstrap = await run('chroot', [root, 'sh', '/tmp/bootstrap-apt.sh', 'bookworm', 'stable'], { env, maxBuffer: 16 * 1024 * 1024 });
      expect(bootstrap.stdout).toContain(`${NAME} installed`);
      const status = await run('chroot', [root, 'dpkg-query', '-W', '-f', '${Version} ${db:Status-Status}', NAME], { env });
      expect(status.stdout).toBe(`${version} installed`);
      // What is left in charge: the package's .sources (a link into the package) and its keyring; no bootstrap key or source.
      expect(readdirSync(join(root, 'etc/apt/sources.list.d'))).toEqual([`${NAME}-stable.sources`]);
      const link = join(root, 'etc/apt/sources.list.d', `${NAME}-stable.sources`);
      expect(lstatSync(link).isSymbolicLink()).toBe(true);
      expect(readlinkSync(link)).toBe(`/usr/share/${NAME}/sources.list.d/bookworm/test_stable.sources`);
      expect(existsSync(join(root, 'usr/share/keyrings', `${NAME}.gpg`))).toBe(true);
      expect(readdirSync(join(root, 'tmp')).filter((name) => name.startsWith('tmp.'))).toEqual([]);
      rmSync(join(root, 'var/lib/apt/lists'), { recursive: true, force: true }); // forget what the bootstrap fetched
      const update = await run('chroot', [root, 'sh', '-c', 'mkdir -p /var/lib/apt/lists/partial && apt-get update 2>&1'], { env, maxBuffer: 16 * 1024 * 1024 });
      expect(update.stdout).not.toMatch(/^(W|E):/m);
      expect(update.stdout).toContain('bookworm-test-stable InRelease');
      const policy = await run('chroot', [root, 'apt-cache', 'policy', NAME], { env });
      expect(policy.stdout).toContain(`bookworm-test-stable/main`);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('mbd test-packages --with-check passes on the experimental suite: archall and cpp installed, ftbfs failed', async () => {
    // The default is every experimental distribution (experimental and snapshot in the Default layout); one keeps the run short.
    const result = await daemon.cli('test-packages', '-D', 'bookworm-test-experimental', '--with-check', '--json');
    expect(result.code, `${result.stdout}\n${result.stderr}`).toBe(0);
    const { uploads, passed } = JSON.parse(result.stdout) as { uploads: { source: string; distribution: string; outcome: string }[]; passed: boolean };
    expect(passed).toBe(true);
    expect(Object.fromEntries(uploads.map((upload) => [upload.source, `${upload.distribution} ${upload.outcome}`]))).toEqual({
      'mbd-test-archall': 'bookworm-test-experimental installed',
      'mbd-test-cpp': 'bookworm-test-experimental installed',
      'mbd-test-ftbfs': 'bookworm-test-experimental failed',
    });
    expect(result.stderr).toContain('mbd-test-cpp');
  });
});
