/**
 * mbd's main job end to end (issue 5): stock dput uploads signed source packages over FTP, sbuild
 * builds them in a clean chroot, reprepro installs them, and a stock apt-get in a clean chroot installs
 * and runs them from our HTTP repository. Failing packages end in BuildFailed/UploadRejected with the
 * right reason; a corpus of bad uploads is rejected, each with its reason, and nothing installed changes.
 */
import { GnupgHome } from '@mbd/gpg';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrivateApt } from '../support/apt.js';
import { removeDataDir, settled, startDaemon, type RunningDaemon } from '../support/daemon.js';
import { buildSourceUpload } from '../support/packages.js';

const run = promisify(execFile);
const UNSTABLE = 'bookworm-test-unstable';

interface Entry {
  position: number;
  type: string;
  streamId: string;
  correlationId: string;
  data: Record<string, unknown>;
}

describe('dput → sbuild → reprepro → apt-get', () => {
  let daemon: RunningDaemon;
  let gnupg: GnupgHome;
  let uploader: string;
  let stranger: string;
  let dputCf: string;
  let apt: PrivateApt;
  let keyring: Uint8Array;

  const events = async (query: string) =>
    (await daemon.api<{ items: Entry[] }>('GET', `/api/events?limit=1000&${query}`, undefined, false)).body.items;

  /** Waits for the end of the upload of `changes`: installed, rejected or failed; returns its events. */
  const outcome = async (source: string, version: string, timeoutMs = 600_000): Promise<Entry[]> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const received = (await events('type=UploadReceived')).find((e) => e.data.source === source && e.data.version === version);
      const rejected = (await events('type=UploadRejected')).find((e) => e.data.source === source && e.data.version === version && !received);
      if (rejected) return [rejected];
      if (received) {
        const all = await events(`correlationId=${received.data.uploadId as string}`);
        if (all.some((e) => ['PackageInstalled', 'UploadRejected', 'UploadFailed'].includes(e.type))) {
          await settled(daemon);
          return all;
        }
      }
      if (Date.now() > deadline) throw new Error(`no outcome for ${source} ${version}`);
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  };

  const dput = async (changes: string) => run('dput', ['-c', dputCf, '-u', 'mbd-127.0.0.1', changes], { env: { ...process.env, ...gnupg.env } });

  /** Uploads every file of an upload over HTTP (PUT /upload/<name>), the .changes last. */
  const httpUpload = async (changes: string, names: string[]) => {
    for (const name of [...names, basename(changes)]) {
      const response = await fetch(`${daemon.url}/upload/${encodeURIComponent(name)}`, { method: 'PUT', body: readFileSync(join(dirname(changes), name)) });
      expect(response.status, await response.text()).toBe(201);
    }
  };
  const listed = (changes: string) => /^Files:\n((?: .*\n)+)/m.exec(readFileSync(changes, 'utf8'))![1]!.trim().split('\n').map((l) => l.trim().split(/\s+/).at(-1)!);

  beforeAll(async () => {
    daemon = await startDaemon({ env: { MBD_BUILD_JOBS: '1', MBD_INCOMPLETE_UPLOAD_TIMEOUT_S: '5' } });
    gnupg = await GnupgHome.create();
    uploader = await gnupg.generateKey('Uploader <uploader@example.invalid>', 'ed25519');
    stranger = await gnupg.generateKey('Stranger <stranger@example.invalid>', 'rsa3072');
    const keyFile = join(gnupg.dir, 'uploader.asc');
    writeFileSync(keyFile, await gnupg.exportArmored(uploader));
    expect((await daemon.cli('uploader', 'add', 'test', keyFile)).code).toBe(0);
    const chroot = await daemon.cli('chroot', 'create', 'bookworm', 'amd64');
    expect(chroot.code, chroot.stderr).toBe(0);
    dputCf = join(gnupg.dir, 'dput.cf');
    writeFileSync(dputCf, `[DEFAULT]\nrun_lintian = 0\ncheck_version = 0\n\n${await (await fetch(`${daemon.url}/repositories/test/dput.cf`)).text()}`);
    keyring = new Uint8Array(await (await fetch(`${daemon.url}/repositories/test/archive-keyring.gpg`)).arrayBuffer());
    apt = new PrivateApt(keyring);
    apt.setSources(`${daemon.url}/repositories/test/`, [UNSTABLE]);
  });

  afterAll(async () => {
    await daemon?.cli('chroot', 'remove', 'bookworm', 'amd64');
    await daemon?.stop();
    await gnupg?.remove();
    if (daemon) removeDataDir(daemon);
  });

  it('builds and installs a signed arch:all upload sent with stock dput', async () => {
    const changes = await buildSourceUpload('mbd-test-all');
    await gnupg.debsign(changes, uploader);
    await dput(changes);
    const log = await outcome('mbd-test-all', '1.0~test12+1');
    expect(log.map((e) => e.type)).toEqual(expect.arrayContaining(['UploadReceived', 'UploadAccepted', 'BuildRequested', 'BuildStarted', 'BuildSucceeded', 'PackageInstalled']));
    await apt.update();
    expect(await apt.versions('mbd-test-all')).toEqual({ [UNSTABLE]: '1.0~test12+1' });
  });

  it('builds and installs an arch:any C package', async () => {
    const changes = await buildSourceUpload('mbd-test-any');
    await gnupg.debsign(changes, uploader);
    await dput(changes);
    const log = await outcome('mbd-test-any', '1.0~test12+1');
    expect(log.map((e) => e.type)).toContain('PackageInstalled');
    await apt.update();
    expect(await apt.versions('mbd-test-any')).toEqual({ [UNSTABLE]: '1.0~test12+1' });
  });

  it('a stock apt-get in a clean chroot installs and runs both from our repository', async () => {
    const root = mkdtempSync(join(tmpdir(), 'mbd-client-'));
    try {
      await run('tar', ['--zstd', '-xf', join(daemon.dataDir, 'chroots', 'bookworm-amd64.tar.zst'), '-C', root]);
      rmSync(join(root, 'etc/apt/sources.list'), { force: true });
      rmSync(join(root, 'etc/apt/sources.list.d'), { recursive: true, force: true });
      mkdirSync(join(root, 'etc/apt/sources.list.d'), { recursive: true });
      mkdirSync(join(root, 'etc/apt/keyrings'), { recursive: true });
      writeFileSync(join(root, 'etc/apt/keyrings/mbd-test.gpg'), keyring);
      writeFileSync(join(root, 'etc/apt/sources.list.d/mbd.list'), (await (await fetch(`${daemon.url}/repositories/test/sources.list`)).text()).split('\n').filter((line) => line.startsWith('deb ') && line.includes(UNSTABLE)).join('\n') + '\n');
      const { stdout } = await run('chroot', [root, 'sh', '-c', 'apt-get update -q && apt-get install -y -q mbd-test-all mbd-test-any && mbd-test-all && mbd-test-any'], {
        env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive', LC_ALL: 'C' },
        maxBuffer: 16 * 1024 * 1024,
      });
      expect(stdout).toContain('mbd-test-any works');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('a package that fails to build ends in BuildFailed with the reason from sbuild', async () => {
    const changes = await buildSourceUpload('mbd-test-ftbfs');
    await gnupg.debsign(changes, uploader);
    await dput(changes);
    const log = await outcome('mbd-test-ftbfs', '1.0~test12+1');
    const failed = log.find((e) => e.type === 'BuildFailed');
    expect(failed?.data.reason).toMatch(/build/i);
    expect(log.map((e) => e.type)).toContain('UploadFailed');
    await apt.update();
    expect(await apt.versions('mbd-test-ftbfs')).toEqual({});
  });

  it('a package with a lintian error is rejected (unstable fails on errors)', async () => {
    const changes = await buildSourceUpload('mbd-test-lintian');
    await gnupg.debsign(changes, uploader);
    await dput(changes);
    const log = await outcome('mbd-test-lintian', '1.0~test12+1');
    const rejected = log.find((e) => e.type === 'UploadRejected' || e.type === 'UploadFailed');
    expect(JSON.stringify(rejected?.data.reasons)).toMatch(/lintian/i);
  });

  it('a build interrupted by kill -9 of the daemon is re-queued after restart, not lost or doubled', async () => {
    const version = '1.5~test12+1';
    const changes = await buildSourceUpload('mbd-test-all', version);
    await gnupg.debsign(changes, uploader);
    await dput(changes);
    for (let started = false; !started; await new Promise((resolve) => setTimeout(resolve, 200))) {
      const received = (await events('type=UploadReceived')).find((e) => e.data.version === version);
      started = received !== undefined && (await events(`correlationId=${received.data.uploadId as string}`)).some((e) => e.type === 'BuildStarted');
    }
    await daemon.stop('SIGKILL');
    daemon = await startDaemon({ dataDir: daemon.dataDir, httpPort: daemon.httpPort, ftpPort: daemon.ftpPort, env: daemon.env });
    const log = await outcome('mbd-test-all', version);
    const types = log.map((e) => e.type);
    expect(log.find((e) => e.type === 'BuildCancelled')?.data.reason).toMatch(/restart/);
    expect(log.filter((e) => e.type === 'BuildRequested').map((e) => e.data.attempt)).toEqual([1, 2]);
    expect(types.filter((type) => type === 'PackageInstalled')).toHaveLength(1);
    await apt.update();
    expect(await apt.versions('mbd-test-all')).toEqual({ [UNSTABLE]: version });
  });

  describe('bad uploads are rejected with their reason and change nothing', () => {
    const reasonsOf = async (source: string, version: string) => {
      const log = await outcome(source, version, 120_000);
      const rejected = log.find((e) => e.type === 'UploadRejected');
      expect(rejected, JSON.stringify(log)).toBeDefined();
      return JSON.stringify(rejected!.data.reasons);
    };

    it('signed by a key that is no uploader', async () => {
      const changes = await buildSourceUpload('mbd-test-all', '1.1~test12+1');
      await gnupg.debsign(changes, stranger);
      await dput(changes);
      expect(await reasonsOf('mbd-test-all', '1.1~test12+1')).toMatch(/not in the keyring|may not upload|unknown/i);
    });

    it('a version older than the one installed', async () => {
      const changes = await buildSourceUpload('mbd-test-all', '1.0~test12+2');
      await gnupg.debsign(changes, uploader);
      await dput(changes);
      expect(await reasonsOf('mbd-test-all', '1.0~test12+2')).toMatch(/older|lower|version/i);
    });

    it('a version that breaks the version rules', async () => {
      const changes = await buildSourceUpload('mbd-test-all', '2.0');
      await gnupg.debsign(changes, uploader);
      await dput(changes);
      expect(await reasonsOf('mbd-test-all', '2.0')).toMatch(/version/i);
    });

    it('a distribution that does not exist', async () => {
      const changes = await buildSourceUpload('mbd-test-all', '1.2~test12+1');
      writeFileSync(changes, readFileSync(changes, 'utf8').replace(/^Distribution: .*$/m, 'Distribution: bookworm-nosuch-unstable'));
      await gnupg.debsign(changes, uploader);
      await httpUpload(changes, listed(changes));
      expect(await reasonsOf('mbd-test-all', '1.2~test12+1')).toMatch(/nosuch/);
    });

    it('a tampered file', async () => {
      const changes = await buildSourceUpload('mbd-test-all', '1.3~test12+1');
      await gnupg.debsign(changes, uploader);
      const tarball = listed(changes).find((name) => name.includes('.tar.'))!;
      const path = join(dirname(changes), tarball);
      const bytes = readFileSync(path);
      bytes[bytes.length - 1] ^= 0xff;
      writeFileSync(path, bytes);
      await httpUpload(changes, listed(changes));
      expect(await reasonsOf('mbd-test-all', '1.3~test12+1')).toMatch(/SHA-?256|checksum|MD5/i);
    });

    it('a missing file (after the incomplete-upload timeout)', async () => {
      const changes = await buildSourceUpload('mbd-test-all', '1.4~test12+1');
      await gnupg.debsign(changes, uploader);
      await httpUpload(changes, listed(changes).filter((name) => !name.endsWith('.dsc')));
      expect(await reasonsOf('mbd-test-all', '1.4~test12+1')).toMatch(/incomplete upload: mbd-test-all_1\.4~test12\+1\.dsc \(listed in .*\.changes\) did not arrive within \d+ s/);
    });

    it('a path-traversal file name is refused at the door', async () => {
      const response = await fetch(`${daemon.url}/upload/${encodeURIComponent('../../etc/evil.dsc')}`, { method: 'PUT', body: 'x' });
      expect(response.status).toBe(400);
    });

    it('nothing installed changed', async () => {
      await apt.update();
      expect(await apt.versions('mbd-test-all')).toEqual({ [UNSTABLE]: '1.5~test12+1' });
      expect(await apt.versions('mbd-test-any')).toEqual({ [UNSTABLE]: '1.0~test12+1' });
      const status = await daemon.api<{ archive: { state: string } }>('GET', '/api/status', undefined, false);
      expect(status.body.archive.state).not.toBe('retrying');
    });
  });
});
