/**
 * Several daemons, one store (issue 14): two full daemons — their own data directories, HTTP and FTP
 * ports, read models, reprepro trees and chroots, one local build slot each — share one PostgreSQL
 * event store, one blob store (MBD_BLOB_DIR) and one archive key (MBD_ARCHIVE_KEY_DIR). Stock dput
 * sends 10 uploads to both at once: every build runs once, every upload is installed once, and apt
 * gets every package from either daemon with a Release signed by the one archive key. Then a daemon
 * is killed (kill -9) in the middle of a build and restarted: it re-queues only its own interrupted
 * build, which then installs, and the other daemon's build is untouched. Last, the time for 10
 * uploads with one daemon is printed beside the time with two.
 */
import { GnupgHome } from '@mbd/gpg';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrivateApt } from '../support/apt.js';
import { createChroot } from '../support/daemon-chroot.js';
import { removeDataDir, settled, startDaemon, type RunningDaemon } from '../support/daemon.js';
import { createTestDatabase, postgresSkipReason, postgresUrl } from '../support/postgres.js';
import { buildSource, deriveSource } from '../support/sources.js';
import { dput, dputConfig, reasonsOf, UploadLog, type LogEntry } from '../support/uploads.js';

const UNSTABLE = 'bookworm-test-unstable';
const VERSION = '1.0~test12+1';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The events of one type among `events`. */
const byType = (events: readonly LogEntry[], type: string) => events.filter((event) => event.type === type);

describe.skipIf(!postgresUrl())(`two daemons on one PostgreSQL event store${postgresUrl() ? '' : ` (skipped: ${postgresSkipReason()})`}`, () => {
  let a: RunningDaemon;
  let b: RunningDaemon;
  let shared: string;
  let gnupg: GnupgHome;
  let uploader: string;
  const env: Record<string, string> = {};
  const log = new UploadLog(() => a);

  /** A source `name` made from mbd-test-all, signed by the uploader; `slow`: its build sleeps 60 s, so it can be interrupted. */
  const source = async (name: string, slow = false): Promise<string> => {
    const tree = deriveSource('mbd-test-all', name, (dir) => {
      if (slow) writeFileSync(join(dir, 'debian', 'rules'), '#!/usr/bin/make -f\n%:\n\tdh $@\n\noverride_dh_auto_build:\n\tsleep 60\n\tdh_auto_build\n', { mode: 0o755 });
    });
    const changes = await buildSource(tree, { version: VERSION });
    await gnupg.debsign(changes, uploader);
    return changes;
  };

  /** Sends each upload with stock dput to the daemon `to(index)` chooses, all at once; resolves when all are installed, with the time it took. */
  const burst = async (names: readonly string[], to: (index: number) => RunningDaemon): Promise<number> => {
    const uploads = await Promise.all(names.map((name) => source(name)));
    const configs = new Map<RunningDaemon, string>();
    for (const daemon of new Set(names.map((_, index) => to(index)))) configs.set(daemon, await dputConfig(daemon));
    const started = Date.now();
    await Promise.all(uploads.map((changes, index) => dput(configs.get(to(index))!, [changes], gnupg.env)));
    for (const name of names) {
      const outcome = await log.outcome(name, VERSION, { timeoutMs: 900_000 });
      expect(outcome.end.type, `${name}: ${reasonsOf(outcome.end)}`).toBe('PackageInstalled');
    }
    return (Date.now() - started) / 1000;
  };

  /** Every event of the upload of `name` (its correlation), from the shared log. */
  const eventsOf = async (name: string): Promise<LogEntry[]> => {
    const [received] = (await log.events('type=UploadReceived')).filter((event) => event.data.source === name);
    expect(received, `${name} was received`).toBeDefined();
    return log.events(`correlationId=${encodeURIComponent(received!.correlationId)}`);
  };

  const builder = (daemon: 'a' | 'b') => `local@daemon-${daemon}`;
  let twoDaemonSeconds = 0;

  beforeAll(async () => {
    shared = mkdtempSync(join(tmpdir(), 'mbd-e2e-shared-'));
    Object.assign(env, {
      MBD_EVENTSTORE: 'postgres',
      MBD_POSTGRES_URL: await createTestDatabase('mbd_daemons'),
      MBD_BLOB_DIR: join(shared, 'blobs'),
      MBD_ARCHIVE_KEY_DIR: join(shared, 'gpg'),
      MBD_BUILD_JOBS: '1',
      MBD_INCOMPLETE_UPLOAD_TIMEOUT_S: '5',
    });
    // The first makes the archive key and the sandbox configuration; the second joins them.
    a = await startDaemon({ env: { ...env, MBD_DAEMON_NAME: 'daemon-a' } });
    b = await startDaemon({ env: { ...env, MBD_DAEMON_NAME: 'daemon-b' } });
    gnupg = await GnupgHome.create();
    uploader = await gnupg.generateKey('Uploader <uploader@example.invalid>', 'ed25519');
    const keyFile = join(gnupg.dir, 'uploader.asc');
    writeFileSync(keyFile, await gnupg.exportArmored(uploader));
    const added = await a.cli('uploader', 'add', 'test', keyFile);
    expect(added.code, added.stderr).toBe(0);
    // Each daemon's chroot lives in its data directory under a schroot name of its own (schroot names are machine-wide).
    await Promise.all([createChroot(a), createChroot(b)]);
  });

  afterAll(async () => {
    for (let daemon of [a, b]) {
      if (!daemon) continue;
      // A daemon stopped by a test is started again to remove its chroot (its schroot definition is machine-wide).
      if (daemon.process.exitCode !== null || daemon.process.signalCode !== null) daemon = await daemon.restart().catch(() => daemon);
      await daemon.cli('chroot', 'remove', 'bookworm', 'amd64');
      await daemon.stop();
      // Whatever happened to the daemon, its schroot definition (named as apps/daemon names it) does not outlive the test.
      rmSync(`/etc/schroot/chroot.d/mbd${createHash('sha256').update(daemon.dataDir).digest('hex').slice(0, 8)}-bookworm-amd64`, { force: true });
      removeDataDir(daemon);
    }
    await gnupg?.remove();
    if (shared) rmSync(shared, { recursive: true, force: true });
  });

  it('takes 10 uploads sent to both at once: every build runs once, every upload installs once, both serve them signed by one archive key', async () => {
    const names = Array.from({ length: 10 }, (_, index) => `mbd-daemons-${index + 1}`);
    twoDaemonSeconds = await burst(names, (index) => (index % 2 === 0 ? a : b));

    const startedBy = new Map<string, number>();
    for (const name of names) {
      const events = await eventsOf(name);
      const started = byType(events, 'BuildStarted');
      expect(started, `${name}: one BuildStarted`).toHaveLength(1);
      expect(byType(events, 'BuildSucceeded'), `${name}: one BuildSucceeded`).toHaveLength(1);
      expect(byType(events, 'BuildCancelled')).toHaveLength(0);
      expect(byType(events, 'PackageInstalled'), `${name}: installed once`).toHaveLength(1);
      const by = String(started[0]!.data.builder);
      startedBy.set(by, (startedBy.get(by) ?? 0) + 1);
    }
    // Which daemon takes which build is a race the store settles; only that each build ran once is promised.
    for (const by of startedBy.keys()) expect([builder('a'), builder('b')]).toContain(by);
    console.log(`builds per daemon: ${JSON.stringify(Object.fromEntries(startedBy))}`);
    // What happens once happened once: one install and one build record in the whole log per upload.
    const installs = (await log.events('type=PackageInstalled')).filter((event) => String(event.data.source).startsWith('mbd-daemons-'));
    expect(installs).toHaveLength(10);

    const keyringOf = async (daemon: RunningDaemon) => new Uint8Array(await (await fetch(`${daemon.url}/repositories/test/archive-keyring.gpg`)).arrayBuffer());
    const keyring = await keyringOf(a);
    expect(Buffer.from(await keyringOf(b)).equals(Buffer.from(keyring))).toBe(true);
    for (const daemon of [a, b]) {
      await settled(daemon, 300_000);
      // One apt trusting only the archive key the first daemon serves reads each daemon's repository.
      const apt = new PrivateApt(keyring);
      apt.setSources(`${daemon.url}/repositories/test/`, [UNSTABLE]);
      await apt.update();
      for (const name of names) expect(await apt.versions(name), `${name} from ${daemon.url}`).toEqual({ [UNSTABLE]: VERSION });
    }
  });

  it("re-queues, after a kill -9 and a restart, only the restarted daemon's own interrupted build; the other daemon's build is untouched", async () => {
    const names = ['mbd-daemons-kill-1', 'mbd-daemons-kill-2'];
    const uploads = await Promise.all(names.map((name) => source(name, true)));
    await Promise.all([dput(await dputConfig(a), [uploads[0]!], gnupg.env), dput(await dputConfig(b), [uploads[1]!], gnupg.env)]);

    // Both builds running, one on each daemon (each has one slot, and a build sleeps 60 s).
    const deadline = Date.now() + 600_000;
    let running: LogEntry[];
    let received: LogEntry[];
    for (;;) {
      received = (await log.events('type=UploadReceived')).filter((event) => names.includes(String(event.data.source)));
      const uploadIds = new Set(received.map((event) => event.correlationId));
      running = (await log.events('type=BuildStarted')).filter((event) => uploadIds.has(event.correlationId));
      if (running.length === 2) break;
      if (Date.now() > deadline) throw new Error(`the two slow builds did not both start: ${JSON.stringify(running)}`);
      await sleep(500);
    }
    expect(running.map((event) => event.data.builder).sort()).toEqual([builder('a'), builder('b')]);
    const killedBuild = running.find((event) => event.data.builder === builder('a'))!;
    const otherBuild = running.find((event) => event.data.builder === builder('b'))!;
    // Either daemon may take either upload's build (the store settles the race): name the uploads by their builds.
    const sourceOf = (build: LogEntry) => String(received.find((event) => event.correlationId === build.correlationId)!.data.source);
    const killedName = sourceOf(killedBuild);
    const otherName = sourceOf(otherBuild);

    await a.stop('SIGKILL');
    const finished = await new UploadLog(() => b).events('type=BuildSucceeded'); // the killed daemon cannot be asked
    expect(finished.some((event) => event.data.buildId === killedBuild.data.buildId), 'the killed build had not finished').toBe(false);
    a = await a.restart();

    for (const name of names) {
      const outcome = await log.outcome(name, VERSION, { timeoutMs: 900_000 });
      expect(outcome.end.type, `${name}: ${reasonsOf(outcome.end)}`).toBe('PackageInstalled');
    }
    const cancelled = await log.events('type=BuildCancelled');
    expect(cancelled.filter((event) => event.data.buildId === killedBuild.data.buildId).map((event) => event.data.reason)).toEqual([
      `interrupted by a restart of ${builder('a')}`,
    ]);
    expect(cancelled.filter((event) => event.data.buildId === otherBuild.data.buildId)).toEqual([]);
    const succeeded = await log.events('type=BuildSucceeded');
    expect(succeeded.filter((event) => event.data.buildId === otherBuild.data.buildId)).toHaveLength(1);
    const killedUpload = await eventsOf(killedName);
    expect(byType(killedUpload, 'BuildRequested').map((event) => event.data.attempt)).toEqual([1, 2]);
    expect(byType(killedUpload, 'BuildSucceeded')).toHaveLength(1);
    expect(byType(killedUpload, 'PackageInstalled')).toHaveLength(1);
    expect(byType(await eventsOf(otherName), 'BuildStarted')).toHaveLength(1);
  });

  it('prints the time for 10 uploads with one daemon beside the time with two', async () => {
    await b.stop();
    const names = Array.from({ length: 10 }, (_, index) => `mbd-daemons-solo-${index + 1}`);
    const oneDaemonSeconds = await burst(names, () => a);
    console.log(
      `10 uploads (dput → installed), one local slot per daemon: two daemons ${twoDaemonSeconds.toFixed(0)} s, one daemon ${oneDaemonSeconds.toFixed(0)} s`,
    );
    for (const name of names) expect(byType(await eventsOf(name), 'PackageInstalled')).toHaveLength(1);
  });
});
