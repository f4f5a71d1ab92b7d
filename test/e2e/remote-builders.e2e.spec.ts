/**
 * Remote builders end to end (issue 14): a daemon that builds nothing itself (MBD_BUILD_JOBS=0) and
 * `mbd builder` processes with their own chroots and keys. Stock dput uploads, a builder claims the
 * build, runs sbuild, returns its signed result, and a stock apt-get installs the package from the
 * daemon; a builder killed mid-build (kill -9) has its build re-queued after MBD_BUILDER_TIMEOUT_S and
 * a second builder finishes it; a builder whose key is not the approved one takes no build.
 */
import { systemMirror } from '@mbd/builder';
import { GnupgHome } from '@mbd/gpg';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeDataDir, startDaemon, type RunningDaemon } from '../support/daemon.js';
import { buildSourceUpload } from '../support/packages.js';
import { startBuilder, type RunningBuilder } from '../support/remote-builder.js';
import { buildSource, deriveSource } from '../support/sources.js';
import { dput, dputConfig, UploadLog } from '../support/uploads.js';

const run = promisify(execFile);
const UNSTABLE = 'bookworm-test-unstable';
const VERSION = '1.0~test12+1';
const TIMEOUT_S = 10;

interface BuilderRow {
  name: string;
  state: string;
  fingerprint: string;
  approved: boolean;
  running: string[];
}

interface QueueItem {
  buildId: string;
  source: string;
  state: string;
  builder: string | null;
  attempt: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('remote builders: a daemon with MBD_BUILD_JOBS=0 and mbd builder processes', () => {
  let daemon: RunningDaemon;
  let gnupg: GnupgHome;
  let uploader: string;
  let dputCf: string;
  let log: UploadLog;
  let first: RunningBuilder;
  let second: RunningBuilder;
  const tokens: Record<string, string> = {};

  /** Polls `probe` until it answers something, failing with `what` after `timeoutMs`. */
  async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 600_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = await probe();
      if (found !== undefined) return found;
      if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms\nbuilder ${first?.name}:\n${first?.output().slice(-3000)}\nbuilder ${second?.name}:\n${second?.output().slice(-3000)}`);
      await sleep(1000);
    }
  }

  /** A builder account (role builder) and a token of it, made by the admin. */
  async function builderToken(name: string): Promise<string> {
    const created = await daemon.api('POST', '/api/users', { name, role: 'builder' });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const issued = await daemon.api<{ token: string }>('POST', '/api/tokens', { user: name, name: 'builder' });
    expect(issued.status, JSON.stringify(issued.body)).toBe(201);
    return issued.body.token;
  }

  const builders = async () => (await daemon.api<BuilderRow[]>('GET', '/api/builders', undefined, false)).body;
  const queue = async () => (await daemon.api<QueueItem[]>('GET', '/api/builds', undefined, false)).body;
  const online = (name: string) => until(`builder ${name} online`, async () => (await builders()).find((row) => row.name === name && row.state === 'online'), 1_200_000);

  /** The first line of a running build's live log (GET /api/builds/<id>/log/stream, as the build page reads it). */
  async function firstLiveLine(buildId: string): Promise<string> {
    const response = await fetch(`${daemon.url}/api/builds/${encodeURIComponent(buildId)}/log/stream`, { headers: { accept: 'text/event-stream' } });
    expect(response.status).toBe(200);
    const reader = response.body!.getReader();
    let text = '';
    try {
      while (!/^data: .+$/m.test(text)) {
        const { value, done } = await reader.read();
        if (done) break;
        text += new TextDecoder().decode(value);
      }
    } finally {
      await reader.cancel().catch(() => undefined);
    }
    return /^data: (.+)$/m.exec(text)?.[1] ?? '';
  }

  beforeAll(async () => {
    daemon = await startDaemon({ env: { MBD_BUILD_JOBS: '0', MBD_BUILDER_TIMEOUT_S: String(TIMEOUT_S), MBD_INCOMPLETE_UPLOAD_TIMEOUT_S: '5' } });
    log = new UploadLog(() => daemon);
    gnupg = await GnupgHome.create();
    uploader = await gnupg.generateKey('Uploader <uploader@example.invalid>', 'ed25519');
    const keyFile = join(gnupg.dir, 'uploader.asc');
    writeFileSync(keyFile, await gnupg.exportArmored(uploader));
    expect((await daemon.cli('uploader', 'add', 'test', keyFile)).code).toBe(0);
    dputCf = await dputConfig(daemon);
    // Both builders (each with its builder account's token) make their own chroot at once; only the first one's key is approved for now.
    for (const name of ['b1', 'b2']) tokens[name] = await builderToken(name);
    const mirror = await systemMirror();
    first = startBuilder(daemon, { name: 'b1', token: tokens.b1!, mirror });
    second = startBuilder(daemon, { name: 'b2', token: tokens.b2!, mirror });
    const registered = await online('b1');
    expect(registered.approved).toBe(false);
    const approved = await daemon.cli('builder-approve', 'b1', registered.fingerprint);
    expect(approved.code, approved.stderr).toBe(0);
  }, 1_500_000);

  afterAll(async () => {
    for (const builder of [first, second]) {
      if (!builder) continue;
      await builder.stop('SIGKILL');
      await builder.remove();
    }
    await daemon?.stop();
    await gnupg?.remove();
    if (daemon) removeDataDir(daemon);
  });

  it('a builder takes the build, and its signed result is installed and served to apt', async () => {
    const changes = await buildSourceUpload('mbd-test-all');
    await gnupg.debsign(changes, uploader);
    await dput(dputCf, [changes], gnupg.env);
    const outcome = await log.outcome('mbd-test-all', VERSION);
    expect(outcome.end.type, JSON.stringify(outcome.events.map((e) => [e.type, e.data]))).toBe('PackageInstalled');
    const started = outcome.events.find((e) => e.type === 'BuildStarted');
    expect(started?.data.builder).toBe('b1');
    expect(outcome.events.find((e) => e.type === 'BuildSucceeded')?.data.log).toBeDefined();
    const stored = await fetch(`${daemon.url}/api/builds/${encodeURIComponent(String(started?.data.buildId))}/log`);
    expect(await stored.text()).toMatch(/Status: successful/);
  });

  it('kill -9 of a builder mid-build re-queues the build after the timeout, and a second builder finishes it; apt installs it', async () => {
    // Its build sleeps 60 s, so that b1 is surely killed before its result could arrive.
    const slow = deriveSource('mbd-test-any', 'mbd-test-any', (tree) =>
      writeFileSync(join(tree, 'debian', 'rules'), '#!/usr/bin/make -f\nexport DEB_BUILD_MAINT_OPTIONS = hardening=+all\n%:\n\tdh $@\n\noverride_dh_auto_build:\n\tsleep 60\n\tdh_auto_build\n', { mode: 0o755 }),
    );
    const changes = await buildSource(slow, { version: VERSION });
    await gnupg.debsign(changes, uploader);
    await dput(dputCf, [changes], gnupg.env);
    const building = await until('mbd-test-any building on b1', async () => (await queue()).find((item) => item.source === 'mbd-test-any' && item.state === 'building' && item.builder === 'b1'));
    // Its log is live on the daemon before it is killed: sbuild runs on b1.
    expect(await firstLiveLine(building.buildId)).not.toBe('');
    await first.stop('SIGKILL');

    const cancelled = await until('the build of b1 cancelled', async () =>
      (await log.events('type=BuildCancelled')).find((e) => e.data.buildId === building.buildId),
    );
    expect(cancelled.data.reason).toBe('builder b1 stopped answering');
    expect((await builders()).find((row) => row.name === 'b1')?.state).toBe('offline');

    const b2 = await online('b2');
    const approved = await daemon.cli('builder-approve', 'b2', b2.fingerprint);
    expect(approved.code, approved.stderr).toBe(0);
    const outcome = await log.outcome('mbd-test-any', VERSION);
    expect(outcome.end.type, JSON.stringify(outcome.events.map((e) => [e.type, e.data]))).toBe('PackageInstalled');
    const starts = outcome.events.filter((e) => e.type === 'BuildStarted').map((e) => e.data.builder);
    expect(starts).toEqual(['b1', 'b2']);

    // A stock apt-get in a clean chroot (the builder's own tarball) installs and runs both packages from the daemon.
    const root = mkdtempSync(join(tmpdir(), 'mbd-client-'));
    try {
      await run('tar', ['--zstd', '-xf', join(second.dataDir, 'chroots', 'bookworm-amd64.tar.zst'), '-C', root]);
      rmSync(join(root, 'etc/apt/sources.list'), { force: true });
      rmSync(join(root, 'etc/apt/sources.list.d'), { recursive: true, force: true });
      mkdirSync(join(root, 'etc/apt/sources.list.d'), { recursive: true });
      mkdirSync(join(root, 'etc/apt/keyrings'), { recursive: true });
      writeFileSync(join(root, 'etc/apt/keyrings/mbd-test.gpg'), new Uint8Array(await (await fetch(`${daemon.url}/repositories/test/archive-keyring.gpg`)).arrayBuffer()));
      const sources = (await (await fetch(`${daemon.url}/repositories/test/sources.list`)).text()).split('\n').filter((line) => line.startsWith('deb ') && line.includes(UNSTABLE));
      writeFileSync(join(root, 'etc/apt/sources.list.d/mbd.list'), `${sources.join('\n')}\n`);
      const { stdout } = await run('chroot', [root, 'sh', '-c', 'apt-get update -q && apt-get install -y -q mbd-test-all mbd-test-any && mbd-test-all && mbd-test-any'], {
        env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive', LC_ALL: 'C' },
        maxBuffer: 16 * 1024 * 1024,
      });
      expect(stdout).toContain('mbd-test-all works');
      expect(stdout).toContain('mbd-test-any works');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it("a builder's token acts for its own name only", async () => {
    const response = await fetch(`${daemon.url}/api/builders/b2/claim`, { method: 'POST', headers: { authorization: `Bearer ${tokens.b1!}`, 'content-type': 'application/json' }, body: '{}' });
    expect(response.status).toBe(403);
    expect(((await response.json()) as { message: string }).message).toBe('the token of builder b1 cannot act for builder b2');
    // Nor may it do what people do.
    const migrate = await fetch(`${daemon.url}/api/packages/migrate`, { method: 'POST', headers: { authorization: `Bearer ${tokens.b1!}`, 'content-type': 'application/json' }, body: JSON.stringify({ distribution: UNSTABLE, source: 'mbd-test-all' }) });
    expect(migrate.status).toBe(403);
  });

  it('a builder whose key is not the approved one is refused: it takes no build', async () => {
    // b1 comes back with another key (a new data directory): its registration names the new key, which no admin approved.
    const stranger = await gnupg.generateKey('Not b1 <stranger@example.invalid>', 'ed25519');
    const publicKey = await gnupg.exportArmored(stranger);
    const registered = await daemon.api<{ approved: boolean; fingerprint: string }>('POST', '/api/builders/b1/register', { architectures: ['amd64'], codenames: ['bookworm'], slots: 1, load: 0, publicKey });
    expect(registered.status).toBe(200);
    expect(registered.body.approved).toBe(false);
    const claim = await daemon.api<{ message: string }>('POST', '/api/builders/b1/claim', {});
    expect(claim.status).toBe(403);
    expect(claim.body.message).toMatch(/is not approved: an admin runs mbd builder-approve b1/);
    const events = await log.events('type=BuilderRegistered');
    expect(events.filter((e) => e.data.name === 'b1').map((e) => e.data.fingerprint)).toContain(registered.body.fingerprint);
  });
});
