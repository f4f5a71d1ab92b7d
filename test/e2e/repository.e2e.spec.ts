/**
 * Repositories end to end (issue 4): an admin installs prebuilt, signed binary uploads; packages are
 * migrated, replaced, rolled back and removed; after each step a stock apt-get (private configuration,
 * Signed-By our key, our HTTP server) sees exactly the expected versions. Then replay: the live tree,
 * a tree rebuilt from the log, and a tree after wiping every derived store have identical indices,
 * and the archive as it was at a past time is served to apt.
 */
import { GnupgHome } from '@mbd/gpg';
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrivateApt } from '../support/apt.js';
import { removeDataDir, settled, startDaemon, type RunningDaemon } from '../support/daemon.js';
import { buildBinaryUpload } from '../support/packages.js';

const PKG = 'mbd-test-all';
const V1 = '1.0~test12+1';
const V2 = '1.1~test12+1';
const UNSTABLE = 'bookworm-test-unstable';
const TESTING = 'bookworm-test-testing';
const STABLE = 'bookworm-test-stable';

/** Every Packages and Sources index (plain) under a tree's dists/, by relative path. */
const indices = (root: string): Record<string, string> => {
  const found: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name === 'Packages' || name === 'Sources') found[relative(root, path)] = readFileSync(path, 'utf8');
    }
  };
  walk(join(root, 'dists'));
  return found;
};

describe('repositories: install, migrate, replace, roll back, remove — as apt sees it', () => {
  let daemon: RunningDaemon;
  let gnupg: GnupgHome;
  let fingerprint: string;
  let apt: PrivateApt;
  const times: Record<string, string> = {};

  const install = async (version: string) => {
    const changes = await buildBinaryUpload(PKG, version);
    await gnupg.debsign(changes, fingerprint);
    const result = await daemon.cli('install', changes);
    expect(result.code, result.stderr + result.stdout).toBe(0);
    await settled(daemon);
  };
  const seen = async () => {
    await apt.update();
    return apt.versions(PKG);
  };

  beforeAll(async () => {
    daemon = await startDaemon({ env: { MBD_BUILD_JOBS: '0' } });
    gnupg = await GnupgHome.create();
    fingerprint = await gnupg.generateKey('Uploader <uploader@example.invalid>', 'ed25519');
    const keyFile = join(gnupg.dir, 'uploader.asc');
    writeFileSync(keyFile, await gnupg.exportArmored(fingerprint));
    const added = await daemon.cli('uploader', 'add', 'test', keyFile);
    expect(added.code, added.stderr).toBe(0);
    apt = await PrivateApt.forRepository(daemon.url, 'test', [UNSTABLE, TESTING, STABLE, `${UNSTABLE}-rollback0`, `${UNSTABLE}-rollback1`]);
    await settled(daemon);
  });

  afterAll(async () => {
    await daemon?.stop();
    await gnupg?.remove();
    if (daemon) removeDataDir(daemon);
  });

  it('installs a signed binary upload into unstable', async () => {
    expect(await seen()).toEqual({});
    await install(V1);
    times.afterFirstInstall = new Date().toISOString();
    expect(await seen()).toEqual({ [UNSTABLE]: V1 });
  });

  it('refuses an unsigned binary upload and changes nothing', async () => {
    const changes = await buildBinaryUpload(PKG, '1.5~test12+1');
    const result = await daemon.cli('install', changes);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/not signed/);
    expect(await seen()).toEqual({ [UNSTABLE]: V1 });
  });

  it('migrates unstable → testing → stable', async () => {
    const first = await daemon.cli('migrate', UNSTABLE, PKG);
    expect(first.code, first.stderr).toBe(0);
    await settled(daemon);
    expect(await seen()).toEqual({ [UNSTABLE]: V1, [TESTING]: V1 });
    const second = await daemon.cli('migrate', TESTING, PKG);
    expect(second.code, second.stderr).toBe(0);
    await settled(daemon);
    expect(await seen()).toEqual({ [UNSTABLE]: V1, [TESTING]: V1, [STABLE]: V1 });
  });

  it('refuses a migration from stable (it migrates nowhere) with a reason', async () => {
    const result = await daemon.cli('migrate', STABLE, PKG);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/does not migrate/);
  });

  it('replaces with a newer version; the old one moves to rollback0', async () => {
    await install(V2);
    expect(await seen()).toEqual({ [UNSTABLE]: V2, [`${UNSTABLE}-rollback0`]: V1, [TESTING]: V1, [STABLE]: V1 });
  });

  it('refuses an older version than the one in the target, recorded with its reason', async () => {
    const changes = await buildBinaryUpload(PKG, '0.9~test12+1');
    await gnupg.debsign(changes, fingerprint);
    const result = await daemon.cli('install', changes);
    expect(result.code).not.toBe(0);
    expect(result.stdout + result.stderr).toMatch(/refused|older|version/i);
    const refused = await daemon.api<{ items: { type: string }[] }>('GET', '/api/events?type=ArchiveCommandRefused', undefined, false);
    expect(refused.body.items.length).toBeGreaterThan(0);
    expect(await seen()).toEqual({ [UNSTABLE]: V2, [`${UNSTABLE}-rollback0`]: V1, [TESTING]: V1, [STABLE]: V1 });
  });

  it('rolls back: remove the new version, restore the old one from its rollback', async () => {
    const removed = await daemon.cli('remove', UNSTABLE, PKG);
    expect(removed.code, removed.stderr).toBe(0);
    await settled(daemon);
    expect(await seen()).toEqual({ [`${UNSTABLE}-rollback0`]: V2, [`${UNSTABLE}-rollback1`]: V1, [TESTING]: V1, [STABLE]: V1 });
    const restored = await daemon.cli('rollback', UNSTABLE, PKG, '1');
    expect(restored.code, restored.stderr).toBe(0);
    await settled(daemon);
    expect((await seen())[UNSTABLE]).toBe(V1);
  });

  it('removes from stable', async () => {
    const removed = await daemon.cli('remove', STABLE, PKG);
    expect(removed.code, removed.stderr).toBe(0);
    await settled(daemon);
    expect((await seen())[STABLE]).toBeUndefined();
  });

  it('serves the archive as it was at a past time to apt (/@<time>/)', async () => {
    const past = new PrivateApt(readFileSync(join(apt.dir, 'archive-keyring.gpg')));
    // Any time but the head needs the admin token: apt sends it as the password of Basic.
    const url = new URL(`${daemon.url}/repositories/test/@${times.afterFirstInstall}/`);
    url.username = 'admin';
    url.password = daemon.token();
    past.setSources(url.href, [UNSTABLE, TESTING, STABLE]);
    await past.update();
    expect(await past.versions(PKG)).toEqual({ [UNSTABLE]: V1 });
  });

  it('rebuilds from the log alone into a fresh directory with byte-identical indices', async () => {
    const out = join(daemon.dataDir, 'rebuilt');
    const result = await daemon.cli('archive', 'rebuild', '--out', out);
    expect(result.code, result.stderr).toBe(0);
    const live = indices(join(daemon.dataDir, 'repositories', 'test'));
    expect(Object.keys(live).length).toBeGreaterThan(10);
    expect(indices(join(out, 'test'))).toEqual(live);
  });

  it('lists what entered and left between two times, with the causing events', async () => {
    const result = await daemon.cli('archive', 'diff', '0', new Date().toISOString(), '--json');
    expect(result.code, result.stderr).toBe(0);
    const diff = JSON.parse(result.stdout) as { entries: { distribution: string; source: string; causes: { type: string }[] }[] };
    const testing = diff.entries.find((entry) => entry.distribution === TESTING && entry.source === PKG);
    expect(testing?.causes.map((cause) => cause.type)).toContain('PackageMigrated');
  });

  it('wiping the tree and the read models and replaying gives identical indices and rows', async () => {
    const live = indices(join(daemon.dataDir, 'repositories', 'test'));
    const rows = (await daemon.api('GET', '/api/packages', undefined, false)).body;
    await daemon.stop();
    for (const derived of ['repositories', 'checkpoints', 'cache', 'rebuilt']) rmSync(join(daemon.dataDir, derived), { recursive: true, force: true });
    for (const file of readdirSync(daemon.dataDir).filter((name) => name.startsWith('read-models.sqlite'))) rmSync(join(daemon.dataDir, file));
    daemon = await daemon.restart();
    await settled(daemon);
    expect(indices(join(daemon.dataDir, 'repositories', 'test'))).toEqual(live);
    expect((await daemon.api('GET', '/api/packages', undefined, false)).body).toEqual(rows);
    expect((await seen())[TESTING]).toBe(V1);
  });
});
