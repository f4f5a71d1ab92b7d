/**
 * Real-world uploads and poison inputs end to end (issue 11), against the real daemon, stock dput
 * and apt: a non-native source uploaded `-1` with its orig tarball and `-2` without it; a package
 * whose build-dependency is only in our repository; and uploads that used to stop the pipeline for
 * good (a .dsc naming a file nobody has, a malformed .dsc, a file that never arrives, two orig
 * tarballs under one pool name, a re-encoded replay) — each rejected with its reason, each followed
 * by a good upload that still installs. Then a double-encoded path, and the followers' status.
 */
import { GnupgHome } from '@mbd/gpg';
import { appendFileSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrivateApt } from '../support/apt.js';
import { aptGetIn } from '../support/apt-contents.js';
import { createChroot } from '../support/daemon-chroot.js';
import { removeDataDir, startDaemon, type RunningDaemon } from '../support/daemon.js';
import { followersCaughtUp } from '../support/followers.js';
import { buildSource, copyUpload, deriveSource, editDsc, listedFiles, withArmorComment, withCrlf } from '../support/sources.js';
import { dput, dputConfig, ftpPut, ftpUpload, reasonsOf, UploadLog, type Outcome } from '../support/uploads.js';

const run = promisify(execFile);
const UNSTABLE = 'bookworm-test-unstable';
const OTHER_UNSTABLE = 'bookworm-other-unstable';
/** An upload that builds: sbuild in a clean chroot, under load. */
const BUILD_MS = 420_000;
/** An upload rejected before any build. */
const REJECT_MS = 120_000;

describe('real-world uploads and poison inputs: the pipeline never stops', () => {
  let daemon: RunningDaemon;
  let gnupg: GnupgHome;
  let uploader: string;
  let dputTest: string;
  let dputOther: string;
  let apt: PrivateApt;
  let otherApt: PrivateApt;
  const log = new UploadLog(() => daemon);
  /** Signed .changes that were installed, by `source version`: the originals of the replays. */
  const installedUploads = new Map<string, string>();

  const signed = async (changes: string) => {
    await gnupg.debsign(changes, uploader);
    return changes;
  };
  const send = (changes: string, config = dputTest) => dput(config, [changes], gnupg.env);
  /** Waits for the upload's end and asserts it installed; lets the archive publish it. */
  const installs = async (source: string, version: string, changes?: string): Promise<Outcome> => {
    const outcome = await log.outcome(source, version, { timeoutMs: BUILD_MS });
    expect(outcome.end.type, `${source} ${version}: ${reasonsOf(outcome.end)}`).toBe('PackageInstalled');
    if (changes) installedUploads.set(`${source} ${version}`, changes);
    await followersCaughtUp(daemon, { allowParked: true, timeoutMs: 120_000 });
    return outcome;
  };
  const rejected = async (source: string, version: string, options: { known?: readonly Outcome[]; timeoutMs?: number } = {}) => {
    const outcome = await log.outcome(source, version, { timeoutMs: REJECT_MS, ...options });
    expect(outcome.end.type, `${source} ${version}: ${JSON.stringify(outcome.events.map((e) => e.type))}`).toBe('UploadRejected');
    return reasonsOf(outcome.end);
  };

  beforeAll(async () => {
    // The incomplete-upload grace is left at its default, which must be short (at most 30 s).
    daemon = await startDaemon({ env: { MBD_BUILD_JOBS: '1' } });
    gnupg = await GnupgHome.create();
    uploader = await gnupg.generateKey('Uploader <uploader@example.invalid>', 'ed25519');
    const keyFile = join(gnupg.dir, 'uploader.asc');
    writeFileSync(keyFile, await gnupg.exportArmored(uploader));

    const [sandbox] = (await daemon.api<Record<string, unknown>[]>('GET', '/api/repositories', undefined, false)).body;
    const created = await daemon.api('POST', '/api/repositories', { ...sandbox, repository: 'other' });
    expect(created.status, JSON.stringify(created.body)).toBeLessThan(300);
    for (const repository of ['test', 'other']) {
      const added = await daemon.cli('uploader', 'add', repository, keyFile);
      expect(added.code, added.stderr).toBe(0);
    }
    await createChroot(daemon);
    dputTest = await dputConfig(daemon, 'test');
    dputOther = await dputConfig(daemon, 'other');

    await followersCaughtUp(daemon, { allowParked: true });
    apt = await PrivateApt.forRepository(daemon.url, 'test', [UNSTABLE]);
    otherApt = await PrivateApt.forRepository(daemon.url, 'other', [OTHER_UNSTABLE]);
  });

  afterAll(async () => {
    await daemon?.cli('chroot', 'remove', 'bookworm', 'amd64');
    await daemon?.stop();
    await gnupg?.remove();
    if (daemon) removeDataDir(daemon);
  });

  it('a non-native source: -1 with its orig tarball, then -2 without it (from the pool); both install, apt gets the -2', async () => {
    const first = await signed(await buildSource('mbd-test-nonnative'));
    expect(listedFiles(first)).toContain('mbd-test-nonnative_1.0.orig.tar.gz');
    await send(first);
    await installs('mbd-test-nonnative', '1.0-1~test12+1', first);

    const second = await signed(await buildSource('mbd-test-nonnative', { version: '1.0-2~test12+1', withoutOrig: true }));
    expect(listedFiles(second)).not.toContain('mbd-test-nonnative_1.0.orig.tar.gz');
    await send(second);
    await installs('mbd-test-nonnative', '1.0-2~test12+1', second);

    await apt.update();
    expect(await apt.versions('mbd-test-nonnative')).toEqual({ [UNSTABLE]: '1.0-2~test12+1' });
    const dir = mkdtempSync(join(tmpdir(), 'mbd-apt-get-'));
    await aptGetIn(apt, dir, 'download', 'mbd-test-nonnative');
    const deb = readdirSync(dir).find((name) => name.endsWith('.deb'))!;
    expect((await run('dpkg-deb', ['-f', join(dir, deb), 'Version'])).stdout.trim()).toBe('1.0-2~test12+1');
    // The published source is whole: apt-get source fetches the -2's .dsc, debian tarball and the orig from the pool.
    await aptGetIn(apt, dir, 'source', '--download-only', 'mbd-test-nonnative');
    expect(readdirSync(dir)).toEqual(
      expect.arrayContaining(['mbd-test-nonnative_1.0.orig.tar.gz', 'mbd-test-nonnative_1.0-2~test12+1.dsc', 'mbd-test-nonnative_1.0-2~test12+1.debian.tar.xz']),
    );
  });

  it('a package whose build-dependency is only in our repository builds after that dependency is installed', async () => {
    const lib = await signed(await buildSource('mbd-test-lib'));
    await send(lib);
    const libInstalled = await installs('mbd-test-lib', '1.0~test12+1', lib);

    const consumer = await signed(await buildSource('mbd-test-consumer'));
    await send(consumer);
    const consumerInstalled = await installs('mbd-test-consumer', '1.0~test12+1', consumer);
    expect(consumerInstalled.end.position).toBeGreaterThan(libInstalled.end.position);

    // Its program was made at build time from mbd-test-lib's file.
    await apt.update();
    const dir = mkdtempSync(join(tmpdir(), 'mbd-apt-get-'));
    await aptGetIn(apt, dir, 'download', 'mbd-test-consumer');
    const deb = readdirSync(dir).find((name) => name.endsWith('.deb'))!;
    await run('dpkg-deb', ['-x', join(dir, deb), join(dir, 'root')]);
    expect(readFileSync(join(dir, 'root/usr/bin/mbd-test-consumer'), 'utf8')).toContain('built with mbd-test-lib');
  });

  it('a .dsc naming a file in neither the upload nor the archive is rejected naming that file; the next upload still installs', async () => {
    // A -2 sent without its orig tarball, whose -1 never reached the archive.
    const orphan = await signed(await buildSource(deriveSource('mbd-test-nonnative', 'mbd-test-orphan'), { version: '1.0-2~test12+1', withoutOrig: true }));
    await send(orphan);
    const good = await signed(await buildSource('mbd-test-all', { version: '1.0~test12+1' }));
    await send(good);
    expect(await rejected('mbd-test-orphan', '1.0-2~test12+1')).toContain('mbd-test-orphan_1.0.orig.tar.gz');
    await installs('mbd-test-all', '1.0~test12+1', good);
  });

  it('a malformed .dsc (in a signed, complete upload) is rejected with a reason; the next upload still installs', async () => {
    const bad = await buildSource('mbd-test-all', { version: '1.1~test12+1' });
    editDsc(bad, (dsc) => dsc.replace(/^Version: .*\n/m, (line) => `${line}this line is no field of a .dsc\n`).replace(/^Checksums-Sha256:.*\n(?: .*\n)+/m, ''));
    await signed(bad);
    await send(bad);
    const good = await signed(await buildSource('mbd-test-all', { version: '1.2~test12+1' }));
    await send(good);
    expect(await rejected('mbd-test-all', '1.1~test12+1')).toMatch(/\.dsc/);
    await installs('mbd-test-all', '1.2~test12+1', good);
  });

  it('a .changes whose listed files never arrive is rejected within the default grace (at most 30 s), naming each missing file', async () => {
    const changes = await signed(await buildSource('mbd-test-all', { version: '1.3~test12+1' }));
    const sent = Date.now();
    await ftpPut(daemon, [changes]);
    const reasons = await rejected('mbd-test-all', '1.3~test12+1', { timeoutMs: 45_000 });
    expect(Date.now() - sent).toBeLessThan(45_000);
    for (const name of listedFiles(changes)) expect(reasons).toContain(name);
  });

  it('a second orig tarball under a pool name already taken is refused naming the file; an upload elsewhere is still published', async () => {
    const first = await signed(await buildSource(deriveSource('mbd-test-nonnative', 'mbd-test-conflict')));
    await send(first);
    await installs('mbd-test-conflict', '1.0-1~test12+1', first);

    const changedUpstream = deriveSource('mbd-test-nonnative', 'mbd-test-conflict', (tree) => appendFileSync(join(tree, 'README'), 'A changed upstream tarball under the same name.\n'));
    const second = await signed(await buildSource(changedUpstream, { version: '1.0-2~test12+1' }));
    expect(listedFiles(second)).toContain('mbd-test-conflict_1.0.orig.tar.gz');
    await send(second);
    const refused = await log.outcome('mbd-test-conflict', '1.0-2~test12+1', { timeoutMs: BUILD_MS });
    expect(['UploadRejected', 'UploadFailed'], JSON.stringify(refused.events.map((e) => [e.type, e.data]))).toContain(refused.end.type);
    expect(reasonsOf(refused.end)).toContain('mbd-test-conflict_1.0.orig.tar.gz');

    const forOther = deriveSource('mbd-test-all', 'mbd-test-all', (tree) => {
      const changelog = join(tree, 'debian/changelog');
      writeFileSync(changelog, readFileSync(changelog, 'utf8').replace(UNSTABLE, OTHER_UNSTABLE));
    });
    const elsewhere = await signed(await buildSource(forOther, { version: '1.0~other12+1' }));
    await send(elsewhere, dputOther);
    await installs('mbd-test-all', '1.0~other12+1');
    await otherApt.update();
    expect(await otherApt.versions('mbd-test-all')).toEqual({ [OTHER_UNSTABLE]: '1.0~other12+1' });
    // The refused upload left the repository as it was.
    await apt.update();
    expect(await apt.versions('mbd-test-conflict')).toEqual({ [UNSTABLE]: '1.0-1~test12+1' });
  });

  for (const [encoding, reencode] of [
    ['CRLF line ends', withCrlf],
    ['an extra armor header', withArmorComment],
  ] as const) {
    it(`a re-encoded copy (${encoding}) of a processed signed upload is rejected as a replay; nothing new is installed`, async () => {
      const [key, original] = [...installedUploads.entries()][0] ?? [];
      expect(original, 'an installed upload from an earlier test').toBeDefined();
      const [source, version] = key!.split(' ') as [string, string];
      const known = await log.outcomes(source, version);
      const installedBefore = await log.installed(source);
      const copy = copyUpload(original!, reencode);
      expect(readFileSync(copy)).not.toEqual(readFileSync(original!));
      await ftpUpload(daemon, copy);
      expect(await rejected(source, version, { known })).toMatch(/replay/i);
      expect(await log.installed(source)).toHaveLength(installedBefore.length);
    });
  }

  it('a double-encoded path is a 400, not reprepro configuration', async () => {
    for (const path of ['/repositories/test/dists/%252e%252e/conf/distributions', '/repositories/test/pool/%252e%252e/%252e%252e/conf/distributions', '/repositories/test/%252e%252e/conf/distributions']) {
      const response = await fetch(`${daemon.url}${path}`);
      const body = await response.text();
      expect(response.status, `${path}: ${body.slice(0, 200)}`).toBe(400);
      expect(body).not.toMatch(/^(Codename|SignWith):/m);
    }
  });

  it('ends with every follower caught up, nothing parked, and an intact log', async () => {
    await followersCaughtUp(daemon, { timeoutMs: 120_000 });
    const verified = await daemon.cli('verify-log');
    expect(verified.code, verified.stdout + verified.stderr).toBe(0);
  });
});
