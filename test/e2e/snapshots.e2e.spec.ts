/**
 * Snapshots end to end (issue 13): a snapshot is a name for a log position. v1 of a package is
 * uploaded with stock dput, built and migrated to the stable suite; a snapshot of it is taken; v2
 * replaces v1 everywhere (the repository keeps no rollbacks, so v1 leaves the head pool). The
 * snapshot still serves v1's indices under dists/<dist>/snapshots/<name>/, signed by the archive
 * key, and a stock apt in a clean chroot installs v1 from the snapshot's line while the head's line
 * gets v2; a snapshot made afterwards `--at` the earlier time serves v1 too. Experimental suites are
 * refused with mini-buildd's reason; a deleted snapshot is a 404.
 */
import { GnupgHome } from '@mbd/gpg';
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrivateApt } from '../support/apt.js';
import { createChroot } from '../support/daemon-chroot.js';
import { removeDataDir, settled, startDaemon, type RunningDaemon } from '../support/daemon.js';
import { dputNg } from '../support/dput-ng.js';
import { buildSource, deriveSource } from '../support/sources.js';

const run = promisify(execFile);
const PKG = 'mbd-snap';
const UNSTABLE = 'bookworm-snap-unstable';
const STABLE = 'bookworm-snap-stable';
const V1 = '1.0~snap12+1';
const V2 = '1.1~snap12+1';

interface Entry {
  position: number;
  type: string;
  data: Record<string, unknown>;
}

describe('snapshots: a name for a log position, served like mini-buildd and installable with apt', () => {
  let daemon: RunningDaemon;
  let gnupg: GnupgHome;
  let uploader: string;
  let dputCf: string;
  let keyring: Uint8Array;
  /** A moment when v1 was in stable and v2 not yet uploaded. */
  let v1Time: string;

  const events = async (query: string) => (await daemon.api<{ items: Entry[] }>('GET', `/api/events?limit=1000&${query}`, undefined, false)).body.items;
  const get = (path: string) => fetch(`${daemon.url}${path}`);
  const text = async (path: string) => {
    const response = await get(path);
    expect(response.status, `GET ${path}`).toBe(200);
    return response.text();
  };

  /** Uploads `version` of the package with stock dput and waits until it is installed in unstable. */
  const uploadAndInstall = async (version: string) => {
    const tree = deriveSource('mbd-test-all', PKG, (dir) => {
      const changelog = join(dir, 'debian/changelog');
      writeFileSync(changelog, readFileSync(changelog, 'utf8').replace('bookworm-test-unstable', UNSTABLE));
    });
    const changes = await buildSource(tree, { version });
    await gnupg.debsign(changes, uploader);
    await run('dput', ['-c', dputCf, '-u', 'mbd-127.0.0.1', changes], { env: { ...process.env, ...gnupg.env } });
    const deadline = Date.now() + 600_000;
    for (;;) {
      const installed = (await events('type=PackageInstalled')).find((e) => e.data.source === PKG && e.data.version === version);
      if (installed) break;
      const failed = [...(await events('type=UploadRejected')), ...(await events('type=UploadFailed'))].find((e) => e.data.source === PKG && e.data.version === version);
      if (failed) throw new Error(`${PKG} ${version} did not install: ${JSON.stringify(failed.data)}`);
      if (Date.now() > deadline) throw new Error(`${PKG} ${version} was not installed within 10 min`);
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
    const migrated = await daemon.cli('migrate', UNSTABLE, PKG, '--full');
    expect(migrated.code, migrated.stderr).toBe(0);
    await settled(daemon);
  };

  /** The version of the package a Packages index lists. */
  const packagesVersion = (packages: string) => /^Version: (.*)$/m.exec(packages.split('\n\n').find((stanza) => stanza.startsWith(`Package: ${PKG}\n`)) ?? '')?.[1];

  beforeAll(async () => {
    daemon = await startDaemon({ env: { MBD_BUILD_JOBS: '1' } });
    gnupg = await GnupgHome.create();
    uploader = await gnupg.generateKey('Uploader <uploader@example.invalid>', 'ed25519');
    // A repository like the sandbox's test one, without rollbacks: a replaced version leaves the pool.
    const [test] = (await daemon.api<{ repository: string; layout: { suites: { rollback: number }[] } }[]>('GET', '/api/repositories', undefined, false)).body.filter(
      (config) => config.repository === 'test',
    );
    const snap = { ...test!, repository: 'snap', layout: { ...test!.layout, suites: test!.layout.suites.map((suite) => ({ ...suite, rollback: 0 })) } };
    const created = await daemon.api('POST', '/api/repositories', snap);
    expect(created.status, JSON.stringify(created.body)).toBeLessThan(300);
    const keyFile = join(gnupg.dir, 'uploader.asc');
    writeFileSync(keyFile, await gnupg.exportArmored(uploader));
    expect((await daemon.cli('uploader', 'add', 'snap', keyFile)).code).toBe(0);
    await createChroot(daemon);
    dputCf = join(gnupg.dir, 'dput.cf');
    writeFileSync(dputCf, `[DEFAULT]\nrun_lintian = 0\ncheck_version = 0\n\n${await text('/repositories/snap/dput.cf')}`);
    keyring = new Uint8Array(await (await get('/repositories/snap/archive-keyring.gpg')).arrayBuffer());
  });

  afterAll(async () => {
    await daemon?.cli('chroot', 'remove', 'bookworm', 'amd64');
    await daemon?.stop();
    await gnupg?.remove();
    if (daemon) removeDataDir(daemon);
  });

  it('takes a snapshot of the stable suite holding v1; an experimental suite is refused with its reason', async () => {
    await uploadAndInstall(V1);
    const created = await daemon.cli('snapshot-create', STABLE, 'release-1', '--json');
    expect(created.code, created.stderr).toBe(0);
    const snapshot = (JSON.parse(created.stdout) as { snapshot: { name: string; position: number } }).snapshot;
    expect(snapshot.name).toBe('release-1');
    v1Time = new Date().toISOString();

    const status = (await daemon.api<Record<string, unknown>>('GET', '/api/status?with_repositories=1', undefined, false)).body;
    expect(status).toMatchObject({ identity: '127.0.0.1', url: `${daemon.url}/`, chroots: ['bookworm:amd64'], remotes: [] });
    expect(status.repositories).toMatchObject({ snap: { codenames: ['bookworm'], layout: { stable: { uploadable: false, experimental: false, migrates_to: null } } } });

    const refused = await daemon.cli('snapshot-create', 'bookworm-snap-experimental', 'nope');
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('bookworm-snap-experimental is experimental');
    const refusal = (await events('type=SnapshotRefused')).at(-1);
    expect(refusal?.data).toMatchObject({ command: 'create', distribution: 'bookworm-snap-experimental', reason: 'not-stable-type' });
    const unstable = await daemon.api('POST', '/api/snapshots', { distribution: UNSTABLE, name: 'nope' });
    expect(unstable.status).toBe(400);
    const duplicate = await daemon.api('POST', '/api/snapshots', { distribution: STABLE, name: 'release-1' });
    expect(duplicate.status).toBe(409);
    const anonymous = await daemon.api('POST', '/api/snapshots', { distribution: STABLE, name: 'x' }, false);
    expect(anonymous.status).toBe(401);
  });

  it('after v2 replaced v1 everywhere, the snapshot still serves v1, signed, and a later snapshot --at the earlier time does too', async () => {
    await uploadAndInstall(V2);
    expect(packagesVersion(await text(`/repositories/snap/dists/${STABLE}/main/binary-amd64/Packages`))).toBe(V2);
    const pool = join(daemon.dataDir, 'repositories', 'snap', 'pool', 'main', 'm', PKG);
    expect(existsSync(pool) ? readdirSync(pool).filter((name) => name.includes(V1)) : []).toEqual([]);

    const base = `/repositories/snap/dists/${STABLE}/snapshots/release-1`;
    expect(packagesVersion(await text(`${base}/main/binary-amd64/Packages`))).toBe(V1);
    const release = await text(`${base}/Release`);
    expect(release).toMatch(new RegExp(`^Suite: ${STABLE}/snapshots/release-1$`, 'm'));
    expect(release).toMatch(new RegExp(`^Codename: ${STABLE}$`, 'm'));
    // gpgv with the archive key alone accepts the snapshot's InRelease.
    const work = mkdtempSync(join(tmpdir(), 'mbd-snapshot-gpgv-'));
    try {
      writeFileSync(join(work, 'keyring.gpg'), keyring);
      writeFileSync(join(work, 'InRelease'), await text(`${base}/InRelease`));
      await run('gpgv', ['--keyring', join(work, 'keyring.gpg'), join(work, 'InRelease')]);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }

    const at = await daemon.cli('snapshot-create', STABLE, 'before-v2', '--at', v1Time);
    expect(at.code, at.stderr).toBe(0);
    expect(packagesVersion(await text(`/repositories/snap/dists/${STABLE}/snapshots/before-v2/main/binary-amd64/Packages`))).toBe(V1);
    const listed = await daemon.cli('snapshot-ls', STABLE, '--json');
    expect((JSON.parse(listed.stdout) as { snapshots: { name: string }[] }).snapshots.map((entry) => entry.name)).toEqual(['release-1', 'before-v2']);
  });

  it('a private apt reads the snapshot line without a warning and downloads v1 from the pool the head no longer has', async () => {
    const apt = new PrivateApt(keyring);
    try {
      apt.setSources(`${daemon.url}/repositories/snap/`, [`${STABLE}/snapshots/release-1`, STABLE]);
      await apt.update();
      expect(await apt.versions(PKG)).toEqual({ [`${STABLE}/snapshots/release-1`]: V1, [STABLE]: V2 });
      const out = mkdtempSync(join(tmpdir(), 'mbd-snapshot-download-'));
      await run('apt-get', ['download', `${PKG}=${V1}`], { cwd: out, env: { ...process.env, APT_CONFIG: join(apt.dir, 'apt.conf'), LC_ALL: 'C' } });
      expect(readdirSync(out)).toEqual([`${PKG}_${V1}_all.deb`]);
      rmSync(out, { recursive: true, force: true });
    } finally {
      rmSync(apt.dir, { recursive: true, force: true });
    }
  });

  it('a stock apt-get in a clean chroot installs v1 from the snapshot line and v2 from the head line', async () => {
    const root = mkdtempSync(join(tmpdir(), 'mbd-snapshot-client-'));
    try {
      await run('tar', ['--zstd', '-xf', join(daemon.dataDir, 'chroots', 'bookworm-amd64.tar.zst'), '-C', root]);
      rmSync(join(root, 'etc/apt/sources.list'), { force: true });
      rmSync(join(root, 'etc/apt/sources.list.d'), { recursive: true, force: true });
      mkdirSync(join(root, 'etc/apt/sources.list.d'), { recursive: true });
      mkdirSync(join(root, 'etc/apt/keyrings'), { recursive: true });
      writeFileSync(join(root, 'etc/apt/keyrings/mbd-snap.gpg'), keyring);
      const lines = async (query: string) => (await text(`/repositories/snap/sources.list?${query}`)).split('\n').filter((line) => line.startsWith('deb '));
      const snapshotLines = await lines(`codenames=bookworm&suites=stable&types=deb&snapshot=release-1`);
      expect(snapshotLines).toEqual([`deb [signed-by=/etc/apt/keyrings/mbd-snap.gpg] ${daemon.url}/repositories/snap/ ${STABLE}/snapshots/release-1 main`]);
      const cli = await daemon.cli('sources-list', '-R', 'snap', '-C', 'bookworm', '-S', 'stable', '-T', 'deb', '-P', 'release-1');
      expect(cli.stdout.trim().split('\n'), cli.stderr).toEqual(snapshotLines);
      const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive', LC_ALL: 'C' };
      const installed = async (line: readonly string[]) => {
        writeFileSync(join(root, 'etc/apt/sources.list.d/mbd.list'), `${line.join('\n')}\n`);
        await run('chroot', [root, 'sh', '-c', `apt-get update -q && apt-get install -y -q --allow-downgrades ${PKG}`], { env, maxBuffer: 16 * 1024 * 1024 });
        return (await run('chroot', [root, 'dpkg-query', '-W', '-f', '${Version}', PKG], { env })).stdout;
      };
      expect(await installed(snapshotLines)).toBe(V1);
      expect(await installed(await lines('codenames=bookworm&suites=stable&types=deb'))).toBe(V2);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('a deleted snapshot is no longer served', async () => {
    const deleted = await daemon.cli('snapshot-delete', STABLE, 'release-1');
    expect(deleted.code, deleted.stderr).toBe(0);
    expect((await get(`/repositories/snap/dists/${STABLE}/snapshots/release-1/InRelease`)).status).toBe(404);
    expect((await daemon.api('DELETE', `/api/snapshots/${STABLE}/release-1`)).status).toBe(404);
    const listed = await daemon.cli('snapshot-ls', STABLE, '--json');
    expect((JSON.parse(listed.stdout) as { snapshots: { name: string }[] }).snapshots.map((entry) => entry.name)).toEqual(['before-v2']);
  });

  it("dput-ng's own upload code takes the served dput-ng profile (http method) to PUT /upload/<name>: UploadReceived via http", async () => {
    const profile = await text('/repositories/snap/dput-ng.json?method=http');
    expect(JSON.parse(profile)).toMatchObject({ method: 'http', fqdn: `127.0.0.1:${daemon.httpPort}`, incoming: '/upload' });
    const tree = deriveSource('mbd-test-all', 'mbd-dput-ng', (dir) => {
      const changelog = join(dir, 'debian/changelog');
      writeFileSync(changelog, readFileSync(changelog, 'utf8').replace('bookworm-test-unstable', UNSTABLE));
    });
    const changes = await buildSource(tree, { version: V1 });
    await gnupg.debsign(changes, uploader);
    const uploaded = await dputNg('mbd-127.0.0.1', profile, changes, gnupg.env);
    expect(uploaded.stdout + uploaded.stderr).toContain('Uploading mbd-dput-ng');
    const deadline = Date.now() + 60_000;
    let received: Entry | undefined;
    while (!received && Date.now() < deadline) {
      received = (await events('type=UploadReceived')).find((e) => e.data.source === 'mbd-dput-ng');
      const rejected = (await events('type=UploadRejected')).find((e) => JSON.stringify(e.data).includes('mbd-dput-ng'));
      if (rejected) throw new Error(`the dput-ng upload was rejected: ${JSON.stringify(rejected.data)}`);
      if (!received) await new Promise((resolve) => setTimeout(resolve, 500));
    }
    expect(received?.data).toMatchObject({ source: 'mbd-dput-ng', version: V1, distribution: UNSTABLE, via: 'http' });
  });
});
