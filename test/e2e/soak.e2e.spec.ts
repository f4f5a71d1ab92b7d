/**
 * Soak (issue 11): 30 uploads at once — 10 good, 20 bad of every kind — from several concurrent
 * dput processes (and a plain FTP client for what dput refuses to send) and 3 uploader keys, with a
 * `kill -9` of the daemon while they come in and a restart on the same data directory. Then every
 * good upload is installed exactly once, every bad one is rejected with its reason, no follower is
 * parked or lagging, the log's hash chain is intact, and apt sees exactly the good packages.
 */
import { GnupgHome } from '@mbd/gpg';
import { randomBytes } from 'node:crypto';
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrivateApt } from '../support/apt.js';
import { aptContents } from '../support/apt-contents.js';
import { createChroot } from '../support/daemon-chroot.js';
import { removeDataDir, startDaemon, type RunningDaemon } from '../support/daemon.js';
import { followersCaughtUp } from '../support/followers.js';
import { buildSource, copyUpload, deriveSource, dscNaming, editDsc, listedFiles, uploadFiles, withArmorComment, withCrlf } from '../support/sources.js';
import { dput, dputConfig, ftpPut, OUTCOMES, reasonsOf, UploadLog, type LogEntry, type Outcome } from '../support/uploads.js';

const UNSTABLE = 'bookworm-test-unstable';
const SUITES = ['unstable', 'testing', 'stable', 'hotfix', 'experimental', 'snapshot'].map((suite) => `bookworm-test-${suite}`);
const VERSION = '1.0~test12+1';
const SEED = 'mbd-soak-seed';
const SEED_VERSION = '1.0-1~test12+1';

type Sender = 'dput' | 'ftp';

interface PlannedUpload {
  readonly name: string;
  readonly source: string;
  readonly version: string;
  readonly changes: string;
  /** The files to send, in order (dput: only the .changes, dput sends its files). */
  readonly files: readonly string[];
  readonly sender: Sender;
  /** null: must install; otherwise the reason the rejection must give. */
  readonly reason: RegExp | null;
  /** Outcomes this upload may end in when bad (default: UploadRejected). */
  readonly ends?: readonly string[];
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const mentions = (...names: string[]) => new RegExp(names.map(escape).join('|'));

describe('soak: 30 concurrent uploads, 10 good and 20 bad, a kill -9 in the middle', () => {
  let daemon: RunningDaemon;
  let gnupg: GnupgHome;
  let keys: string[];
  let stranger: string;
  let dputCf: string;
  let apt: PrivateApt;
  const log = new UploadLog(() => daemon);
  const plan: PlannedUpload[] = [];
  let seedChanges: string;
  /** Outcome positions of the seed upload itself (not of its replays). */
  let seedOutcomes: Outcome[] = [];
  let killedAfter = 0;

  const sign = (changes: string, key: string) => gnupg.debsign(changes, key);

  beforeAll(async () => {
    daemon = await startDaemon({ env: { MBD_BUILD_JOBS: '2', MBD_INCOMPLETE_UPLOAD_TIMEOUT_S: '5' } });
    gnupg = await GnupgHome.create();
    keys = [
      await gnupg.generateKey('Uploader A <a@example.invalid>', 'ed25519'),
      await gnupg.generateKey('Uploader B <b@example.invalid>', 'ed25519'),
      await gnupg.generateKey('Uploader C <c@example.invalid>', 'rsa3072'),
    ];
    stranger = await gnupg.generateKey('Stranger <stranger@example.invalid>', 'ed25519');
    for (const [index, key] of keys.entries()) {
      const file = join(gnupg.dir, `uploader-${index}.asc`);
      writeFileSync(file, await gnupg.exportArmored(key));
      const added = await daemon.cli('uploader', 'add', 'test', file);
      expect(added.code, added.stderr).toBe(0);
    }
    // Like a production repository: signed uploads only (the sandbox takes unsigned ones).
    const [sandbox] = (await daemon.api<Record<string, unknown>[]>('GET', '/api/repositories', undefined, false)).body;
    const changed = await daemon.api('PUT', '/api/repositories/test', { ...sandbox, allowUnsignedUploads: false });
    expect(changed.status, JSON.stringify(changed.body)).toBeLessThan(300);
    await createChroot(daemon);
    dputCf = await dputConfig(daemon);
    apt = await PrivateApt.forRepository(daemon.url, 'test', SUITES);

    // The seed: installed before the burst, so that replays of it, an older version and a second
    // orig tarball under its pool name are bad whatever order the burst is handled in.
    seedChanges = await buildSource(deriveSource('mbd-test-nonnative', SEED));
    await sign(seedChanges, keys[0]!);
    await dput(dputCf, [seedChanges], gnupg.env);
    const seeded = await log.outcome(SEED, SEED_VERSION, { timeoutMs: 420_000 });
    expect(seeded.end.type, reasonsOf(seeded.end)).toBe('PackageInstalled');
    seedOutcomes = await log.outcomes(SEED, SEED_VERSION);

    await preparePlan();
  });

  afterAll(async () => {
    await daemon?.cli('chroot', 'remove', 'bookworm', 'amd64');
    await daemon?.stop();
    await gnupg?.remove();
    if (daemon) removeDataDir(daemon);
  });

  /** A bad source `mbd-soak-bad<n>` built from mbd-test-all, unsigned. */
  const badSource = (n: number, version = VERSION) => buildSource(deriveSource('mbd-test-all', `mbd-soak-bad${n}`), { version });

  async function preparePlan(): Promise<void> {
    const key = (n: number) => keys[n % keys.length]!;
    const planned: Promise<PlannedUpload>[] = [];
    const add = (make: () => Promise<PlannedUpload>) => planned.push(make());

    for (let n = 1; n <= 10; n += 1) {
      add(async () => {
        const source = `mbd-soak-good${n}`;
        const changes = await buildSource(deriveSource('mbd-test-all', source), { version: VERSION });
        await sign(changes, key(n));
        return { name: `good ${n}`, source, version: VERSION, changes, files: [changes], sender: 'dput', reason: null };
      });
    }
    const bad = (n: number, name: string, sender: Sender, reason: RegExp, prepare: (changes: string) => Promise<string | void> | string | void, version = VERSION, ends?: string[]) =>
      add(async () => {
        const changes = await badSource(n, version);
        const sent = (await prepare(changes)) ?? changes;
        return { name, source: `mbd-soak-bad${n}`, version, changes: sent, files: sender === 'dput' ? [sent] : uploadFiles(sent), sender, reason, ends };
      });
    const signedBy = (fingerprint: string) => (changes: string) => sign(changes, fingerprint);
    const tamper = (changes: string, pick: (name: string) => boolean) => {
      const path = join(changes, '..', listedFiles(changes).find(pick)!);
      const bytes = readFileSync(path);
      bytes[bytes.length - 1]! ^= 0xff;
      writeFileSync(path, bytes);
    };

    bad(1, 'unsigned (dput)', 'dput', /not signed|unsigned/i, () => undefined);
    bad(2, 'unsigned (ftp)', 'ftp', /not signed|unsigned/i, () => undefined);
    bad(3, 'signed by a stranger', 'dput', /may not upload|not in the keyring|unknown key|no uploader/i, signedBy(stranger));
    bad(4, 'tampered tarball', 'ftp', /SHA-?256|SHA-?1|MD5|checksum|size/i, async (changes) => {
      await sign(changes, key(4));
      tamper(changes, (name) => name.endsWith('.tar.xz'));
    });
    bad(5, 'tampered .changes after signing', 'ftp', /signature/i, async (changes) => {
      await sign(changes, key(5));
      writeFileSync(changes, readFileSync(changes, 'utf8').replace(/^Urgency: .*$/m, 'Urgency: critical'));
    });
    bad(6, 'unknown distribution', 'ftp', /nosuch/, async (changes) => {
      writeFileSync(changes, readFileSync(changes, 'utf8').replace(/^Distribution: .*$/m, 'Distribution: bookworm-nosuch-unstable'));
      await sign(changes, key(6));
    });
    bad(7, 'a suite that takes no uploads', 'ftp', /testing/, async (changes) => {
      writeFileSync(changes, readFileSync(changes, 'utf8').replace(/^Distribution: .*$/m, 'Distribution: bookworm-test-testing'));
      await sign(changes, key(7));
    });
    bad(8, 'version without the repository suffix', 'dput', /version/i, signedBy(key(8)), '2.0');
    bad(9, 'experimental version in unstable', 'dput', /version/i, signedBy(key(9)), '1.0~test12+0');
    bad(10, 'only the .changes arrives', 'ftp', /\.dsc|\.tar\.xz/, async (changes) => {
      await sign(changes, key(10));
      return changes;
    });
    bad(11, 'the .dsc never arrives', 'ftp', /\.dsc/, signedBy(key(11)));
    bad(12, 'malformed .dsc', 'dput', /\.dsc/, async (changes) => {
      editDsc(changes, (dsc) => dsc.replace(/^Version: .*\n/m, (line) => `${line}this line is no field of a .dsc\n`));
      await sign(changes, key(12));
    });
    bad(13, '.dsc naming a file in neither upload nor archive', 'dput', mentions(`mbd-soak-bad13_${VERSION}.debian.tar.xz`), async (changes) => {
      editDsc(changes, (dsc) => dscNaming(dsc, `mbd-soak-bad13_${VERSION}.debian.tar.xz`, randomBytes(100)));
      await sign(changes, key(13));
    });
    bad(14, '.dsc of another source', 'dput', mentions('mbd-soak-impostor'), async (changes) => {
      editDsc(changes, (dsc) => dsc.replace(/^Source: .*$/m, 'Source: mbd-soak-impostor'));
      await sign(changes, key(14));
    });
    bad(15, '.dsc of another version', 'dput', mentions('9.9~test12+1'), async (changes) => {
      editDsc(changes, (dsc) => dsc.replace(/^Version: .*$/m, 'Version: 9.9~test12+1'));
      await sign(changes, key(15));
    });
    add(async () => {
      const older = await buildSource(deriveSource('mbd-test-nonnative', SEED), { version: '0.9-1~test12+1' });
      await sign(older, key(16));
      return { name: 'older than installed', source: SEED, version: '0.9-1~test12+1', changes: older, files: [older], sender: 'dput', reason: /older|lower|version/i };
    });
    add(async () => {
      const tree = deriveSource('mbd-test-nonnative', SEED, (dir) => appendFileSync(join(dir, 'README'), 'Another upstream tarball under the same name.\n'));
      const conflicting = await buildSource(tree, { version: '1.0-2~test12+1' });
      await sign(conflicting, key(17));
      return {
        name: 'a second orig tarball under a pool name taken',
        source: SEED,
        version: '1.0-2~test12+1',
        changes: conflicting,
        files: [conflicting],
        sender: 'dput',
        reason: mentions(`${SEED}_1.0.orig.tar.gz`),
        ends: ['UploadRejected', 'UploadFailed'],
      };
    });
    for (const [n, reencode] of [
      [18, withCrlf],
      [19, withArmorComment],
    ] as const) {
      add(async () => {
        // Each copy under its own .changes name: two different files sent at once under one name would
        // leave only the last in incoming (as with any FTP incoming), and the test would count one outcome.
        const copy = copyUpload(seedChanges, reencode, basename(seedChanges).replace(/\.changes$/, `.copy${n}.changes`));
        return { name: `replay ${n === 18 ? 'CRLF' : 'armor header'}`, source: SEED, version: SEED_VERSION, changes: copy, files: uploadFiles(copy), sender: 'ftp', reason: /replay/i };
      });
    }
    bad(20, 'stranger-signed, sent with dput -f twice', 'dput', /may not upload|not in the keyring|unknown key|no uploader/i, signedBy(stranger));

    plan.push(...(await Promise.all(planned)));
    // "Only the .changes arrives": send nothing else.
    const onlyChanges = plan.findIndex((p) => p.name === 'only the .changes arrives');
    plan[onlyChanges] = { ...plan[onlyChanges]!, files: [plan[onlyChanges]!.changes] };
    const noDsc = plan.findIndex((p) => p.name === 'the .dsc never arrives');
    plan[noDsc] = { ...plan[noDsc]!, files: plan[noDsc]!.files.filter((file) => !file.endsWith('.dsc')) };
  }

  /** Sends a group of uploads in one process; resolves to the uploads that must be sent again. */
  const sendGroup = async (group: readonly PlannedUpload[], sender: Sender, force: boolean): Promise<PlannedUpload[]> => {
    try {
      if (sender === 'dput') await dput(dputCf, group.map((upload) => upload.changes), gnupg.env, force);
      else await ftpPut(daemon, group.flatMap((upload) => upload.files));
      return [];
    } catch {
      return [...group];
    }
  };

  /** Every upload's outcomes, from the whole log: `source version` → outcomes in log order. */
  const outcomesOf = (events: readonly LogEntry[]): Map<string, Outcome[]> => {
    const byCorrelation = new Map<string, LogEntry[]>();
    for (const event of events) byCorrelation.set(event.correlationId, [...(byCorrelation.get(event.correlationId) ?? []), event]);
    const found = new Map<string, Outcome[]>();
    for (const entries of byCorrelation.values()) {
      const received = entries.find((e) => e.type === 'UploadReceived');
      const end = entries.find((e) => (OUTCOMES as readonly string[]).includes(e.type) && (received || e.type === 'UploadRejected'));
      if (!end) continue;
      const data = (received ?? end).data;
      const key = `${String(data.source)} ${String(data.version)}`;
      found.set(key, [...(found.get(key) ?? []), { received, events: entries, end }].sort((a, b) => a.end.position - b.end.position));
    }
    return found;
  };

  it('handles the burst across a kill -9: every good upload installed once, every bad one rejected with its reason', async () => {
    expect(plan).toHaveLength(30);
    expect(plan.filter((upload) => upload.reason === null)).toHaveLength(10);
    const headBefore = (await daemon.api<{ eventStore: { head: number } }>('GET', '/api/status', undefined, false)).body.eventStore.head;

    // Four dput processes and two FTP clients at once.
    const dputs = plan.filter((upload) => upload.sender === 'dput');
    const ftps = plan.filter((upload) => upload.sender === 'ftp');
    const groups: [PlannedUpload[], Sender][] = [
      ...[0, 1, 2, 3].map((i) => [dputs.filter((_, index) => index % 4 === i), 'dput'] as [PlannedUpload[], Sender]),
      ...[0, 1].map((i) => [ftps.filter((_, index) => index % 2 === i), 'ftp'] as [PlannedUpload[], Sender]),
    ];
    const sending = groups.map(([group, sender]) => sendGroup(group, sender, false));
    let done = false;
    const allSent = Promise.all(sending).finally(() => (done = true));

    // kill -9 once some uploads have been received (or all were sent), while the rest is in flight or queued.
    for (;;) {
      const arrived = (await log.events()).filter((e) => e.position > headBefore && (e.type === 'UploadReceived' || e.type === 'UploadRejected'));
      if (arrived.length >= 8 || done) {
        killedAfter = arrived.length;
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await daemon.stop('SIGKILL');
    const resend = (await allSent).flat();
    console.info(`soak: kill -9 after ${killedAfter} uploads arrived; ${resend.length} uploads to send again after the restart`);
    daemon = await startDaemon({ dataDir: daemon.dataDir, httpPort: daemon.httpPort, ftpPort: daemon.ftpPort, env: daemon.env });

    // What did not get through is sent again, as an uploader would (dput -f).
    await Promise.all([
      resend.some((u) => u.sender === 'dput') ? sendGroup(resend.filter((u) => u.sender === 'dput'), 'dput', true) : Promise.resolve([]),
      resend.some((u) => u.sender === 'ftp') ? sendGroup(resend.filter((u) => u.sender === 'ftp'), 'ftp', true) : Promise.resolve([]),
    ]);
    // A stranger's upload sent a second time: a re-delivery while it is being reviewed, a new attempt (rejected again) once it was rejected.
    await sendGroup(plan.filter((u) => u.name.startsWith('stranger-signed, sent with dput -f twice')), 'dput', true);

    // Wait for an outcome of every upload (the seed's replays: two more outcomes of the seed's version).
    const expectedCount = (upload: PlannedUpload) => (upload.source === SEED && upload.version === SEED_VERSION ? seedOutcomes.length + 2 : 1);
    const deadline = Date.now() + 540_000;
    let outcomes = outcomesOf(await log.events());
    const pending = () => plan.filter((upload) => (outcomes.get(`${upload.source} ${upload.version}`)?.length ?? 0) < expectedCount(upload));
    while (pending().length > 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 2000));
      outcomes = outcomesOf(await log.events());
    }
    const status = await daemon.api('GET', '/api/status', undefined, false);
    expect(
      pending().map((upload) => upload.name),
      `uploads without an outcome (killed after ${killedAfter} arrived); status: ${JSON.stringify(status.body)}`,
    ).toEqual([]);

    const installedEvents = (await log.events('type=PackageInstalled')).filter((e) => e.position > headBefore);
    for (const upload of plan) {
      const key = `${upload.source} ${upload.version}`;
      const all = outcomes.get(key) ?? [];
      const installs = installedEvents.filter((e) => e.data.source === upload.source && e.data.version === upload.version);
      if (upload.reason === null) {
        expect.soft(all.map((o) => o.end.type), `${upload.name}: ${all.map((o) => reasonsOf(o.end)).join('; ')}`).toEqual(['PackageInstalled']);
        expect.soft(installs, `${upload.name} installed exactly once`).toHaveLength(1);
        continue;
      }
      const mine = upload.source === SEED && upload.version === SEED_VERSION ? all.filter((o) => !seedOutcomes.some((s) => s.end.position === o.end.position)) : all;
      const ends = upload.ends ?? ['UploadRejected'];
      expect.soft(installs, `${upload.name}: nothing installed`).toEqual([]);
      expect.soft(mine.length, `${upload.name}: an outcome`).toBeGreaterThan(0);
      for (const outcome of mine) {
        expect.soft(ends, `${upload.name} ended in ${outcome.end.type}: ${reasonsOf(outcome.end)}`).toContain(outcome.end.type);
        expect.soft(reasonsOf(outcome.end), `${upload.name}: the reason`).toMatch(upload.reason);
      }
    }
    expect((await log.installed(SEED)).filter((e) => e.data.version === SEED_VERSION), 'the seed installed once, its replays never').toHaveLength(1);
  });

  it('ends with no follower parked or lagging and an intact log', async () => {
    await followersCaughtUp(daemon, { timeoutMs: 120_000 });
    const verified = await daemon.cli('verify-log');
    expect(verified.code, verified.stdout + verified.stderr).toBe(0);
  });

  it('apt sees exactly the good packages (and the seed), nothing of the bad ones', async () => {
    await apt.update();
    const seen = Object.fromEntries(Object.entries(await aptContents(apt)).filter(([, packages]) => Object.keys(packages).length > 0));
    const good = Object.fromEntries(plan.filter((upload) => upload.reason === null).map((upload) => [upload.source, upload.version]));
    expect(seen).toEqual({ [UNSTABLE]: { ...good, [SEED]: SEED_VERSION } });
  });
});
