import { createHash } from 'node:crypto';
import { copyFile, mkdir, mkdtemp, readFile, readdir, rm, symlink, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { InMemoryEventStore, UploadReceived, UploadRejected, uploadStream } from '@mbd/events';
import { GnupgHome } from '@mbd/gpg';
import { FsBlobStore } from '@mbd/repository';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { partialDirOf } from '../store/incoming-drop.js';
import { makeSourceUpload, type SourceUpload } from '../testing/source-upload.fixture.js';
import { UploadIntake, type IntakeOutcome } from './upload-intake.js';
import { copyIdOf, uploadIdOf } from './upload-id.js';
import { execa } from 'execa';

const timeoutMs = 1_000;
const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

describe('upload intake', () => {
  let root: string;
  let upload: SourceUpload;
  let drop: string;
  let events: InMemoryEventStore;
  let blobs: FsBlobStore;
  let intake: UploadIntake;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'mbd-intake-'));
    upload = await makeSourceUpload(await mkdtemp(join(root, 'pkg-')));
  });
  beforeEach(async () => {
    const dir = await mkdtemp(join(root, 'run-'));
    drop = join(dir, 'incoming', 'ftp');
    await mkdir(drop, { recursive: true });
    events = new InMemoryEventStore();
    blobs = new FsBlobStore(join(dir, 'blobs'));
    intake = newIntake();
  });
  afterEach(async () => {
    await intake.stop();
  });

  const newIntake = (limits = { maxFileBytes: 1 << 20, maxUploadBytes: 4 << 20 }): UploadIntake =>
    new UploadIntake({ drop: { dir: drop, via: 'ftp' }, limits, missingFilesGraceMs: timeoutMs, strayTimeoutMs: timeoutMs, scanIntervalMs: 100 }, events, blobs);
  const stage = async (paths: readonly string[]): Promise<void> => {
    for (const path of paths) await copyFile(path, join(drop, basename(path)));
  };
  const all = (): string[] => [...upload.files, upload.changes];
  const dropContents = async (): Promise<string[]> => (await readdir(drop)).filter((name) => name !== '.partial').sort();
  /** Makes entries look `seconds` old, instead of sleeping through the timeout. */
  const age = async (names: readonly string[], seconds: number): Promise<void> => {
    const then = new Date(Date.now() - seconds * 1000);
    for (const name of names) await utimes(join(drop, name), then, then);
  };
  const only = <K extends IntakeOutcome['kind']>(outcomes: IntakeOutcome[], kind: K): Extract<IntakeOutcome, { kind: K }> => {
    expect(outcomes.map((outcome) => outcome.kind)).toEqual([kind]);
    return outcomes[0] as Extract<IntakeOutcome, { kind: K }>;
  };
  const changesBytes = (): Promise<Buffer> => readFile(upload.changes);

  it('takes in a complete upload: blobs stored, UploadReceived with the right file refs, incoming cleared', async () => {
    await stage(all());
    const received = only(await intake.scan(), 'received');

    const uploadId = uploadIdOf(await changesBytes());
    expect(received.uploadId).toBe(uploadId);
    const stream = await events.readStream(uploadStream(uploadId));
    expect(stream).toHaveLength(1);
    const event = stream[0]!;
    expect(UploadReceived.is(event)).toBe(true);
    const data = (event as UploadReceived).data;
    expect(data).toMatchObject({ uploadId, source: 'hello-incoming', version: '1.0', distribution: 'bookworm-test-unstable', architectures: ['source'], signedBy: null, via: 'ftp' });
    expect(data.changedBy).toBe('Incoming Test <incoming@example.invalid>');
    for (const [ref, path] of [[data.changes, upload.changes], ...data.files.map((file, i) => [file, upload.files[i]!] as const)] as const) {
      const bytes = await readFile(path);
      expect(ref).toEqual({ name: basename(path), sha256: sha256(bytes), size: bytes.length });
      expect(await blobs.read(ref.sha256)).toEqual(bytes);
    }
    expect(event.metadata).toMatchObject({ actor: { kind: 'daemon' }, correlationId: uploadId });
    expect(await dropContents()).toEqual([]);
  });

  it('waits for files listed in the .changes that are still missing, then takes the upload in', async () => {
    await stage([upload.changes, upload.files[0]!]);
    expect(only(await intake.scan(), 'waiting').missing).toEqual([basename(upload.files[1]!)]);
    expect(await events.headPosition()).toBe(0);

    await stage([upload.files[1]!]);
    only(await intake.scan(), 'received');
    expect(await dropContents()).toEqual([]);
  });

  it('rejects an upload whose missing file has not arrived within the grace (files aged)', async () => {
    await stage([upload.changes, upload.files[0]!]);
    await age([basename(upload.changes), basename(upload.files[0]!)], timeoutMs / 1000 + 1);

    const rejected = only(await intake.scan(), 'rejected');
    const tarball = basename(upload.files[1]!);
    expect(rejected.reasons).toEqual([`incomplete upload: ${tarball} (listed in ${basename(upload.changes)}) did not arrive within 1 s`]);
    const [event] = await events.readStream(uploadStream(rejected.uploadId));
    expect(UploadRejected.is(event!)).toBe(true);
    expect(event!.data).toMatchObject({ source: 'hello-incoming', version: '1.0', reasons: rejected.reasons });
    expect(await dropContents()).toEqual([]);
  });

  it('rejects a tampered file, naming the file and the checksum, and stores nothing of it', async () => {
    await stage(all());
    const tarball = basename(upload.files[1]!);
    const bytes = await readFile(join(drop, tarball));
    bytes[bytes.length - 1] ^= 0xff;
    await writeFile(join(drop, tarball), bytes);

    const rejected = only(await intake.scan(), 'rejected');
    expect(rejected.reasons).toHaveLength(3);
    for (const algorithm of ['MD5', 'SHA-1', 'SHA-256']) {
      expect(rejected.reasons.some((reason) => reason.startsWith(`${tarball}: ${algorithm} checksum`))).toBe(true);
    }
    expect(await blobs.has(sha256(bytes))).toBe(false);
    const stream = await events.readStream(uploadStream(rejected.uploadId));
    expect(stream.map((event) => event.type)).toEqual(['UploadRejected']);
    expect(await dropContents()).toEqual([]);
  });

  it('rejects a .changes that lists a path-traversal name, touching nothing outside incoming', async () => {
    const evil = (await readFile(upload.changes, 'utf8')).replaceAll(basename(upload.files[1]!), '../../victim.tar.xz');
    const victim = join(drop, '..', '..', 'victim.tar.xz');
    await writeFile(victim, 'victim');
    await stage([upload.files[0]!]);
    await writeFile(join(drop, 'evil_1.0_source.changes'), evil);

    const rejected = only(await intake.scan(), 'rejected');
    expect(rejected.reasons).toHaveLength(1);
    expect(rejected.reasons[0]).toMatch(/^evil_1\.0_source\.changes: line \d+, field Files: file name '\.\.\/\.\.\/victim\.tar\.xz' has a directory part$/);
    expect(await readFile(victim, 'utf8')).toBe('victim');
    expect((await events.readStream(uploadStream(rejected.uploadId)))[0]!.data).toEqual({ uploadId: rejected.uploadId, reasons: rejected.reasons });
    expect(await dropContents()).toEqual([basename(upload.files[0]!)]);
  });

  it('rejects an unparseable .changes with the parser’s reason', async () => {
    await writeFile(join(drop, 'junk_1.0_source.changes'), 'this is not a .changes\n');
    const rejected = only(await intake.scan(), 'rejected');
    expect(rejected.reasons[0]).toMatch(/^junk_1\.0_source\.changes: /);
    expect(await dropContents()).toEqual([]);
  });

  it('takes in a duplicate upload only once, also in a new intake after a restart', async () => {
    await stage(all());
    only(await intake.scan(), 'received');

    await stage(all());
    const duplicate = only(await intake.scan(), 'duplicate');
    expect(await dropContents()).toEqual([]);

    await stage(all());
    await intake.stop();
    intake = newIntake();
    expect(only(await intake.scan(), 'duplicate').uploadId).toBe(duplicate.uploadId);
    expect(await events.readStream(uploadStream(duplicate.uploadId))).toHaveLength(1);
    expect(await events.headPosition()).toBe(1);
    expect(await dropContents()).toEqual([]);
  });

  it('does not follow a symlink listed in the .changes: the upload is rejected, the target untouched', async () => {
    const tarball = basename(upload.files[1]!);
    const outside = join(root, `outside-${Date.now()}.tar.xz`);
    await copyFile(upload.files[1]!, outside);
    await stage([upload.changes, upload.files[0]!]);
    await symlink(outside, join(drop, tarball));

    const rejected = only(await intake.scan(), 'rejected');
    expect(rejected.reasons).toEqual([`${tarball} is not a regular file (a symlink, directory or device); incoming never follows links`]);
    expect(await readFile(outside)).toEqual(await readFile(upload.files[1]!));
    expect(await blobs.has(sha256(await readFile(outside)))).toBe(false);
    expect(await dropContents()).toEqual([]);
  });

  it('rejects an upload over the per-upload limit', async () => {
    await intake.stop();
    intake = newIntake({ maxFileBytes: 1 << 20, maxUploadBytes: 1_000 });
    await stage(all());
    const rejected = only(await intake.scan(), 'rejected');
    expect(rejected.reasons).toEqual([expect.stringMatching(/^the upload has \d+ bytes, over the limit of 1000 bytes per upload$/)]);
    expect(await dropContents()).toEqual([]);
  });

  it('removes stray files and abandoned partial transfers after the timeout, and symlinks at once', async () => {
    await writeFile(join(drop, 'old_1.0.dsc'), 'old');
    await writeFile(join(drop, 'fresh_1.0.dsc'), 'fresh');
    await symlink('/etc/passwd', join(drop, 'link_1.0.dsc'));
    await mkdir(partialDirOf(drop));
    await writeFile(join(partialDirOf(drop), 'big_1.0.tar.xz.0123456789abcdef'), 'half');
    await age(['old_1.0.dsc', '.partial/big_1.0.tar.xz.0123456789abcdef'], timeoutMs / 1000 + 1);

    const removed = (await intake.scan()).map((outcome) => (outcome.kind === 'removed' ? outcome.name : outcome.kind)).sort();
    expect(removed).toEqual(['big_1.0.tar.xz.0123456789abcdef', 'link_1.0.dsc', 'old_1.0.dsc']);
    expect(await dropContents()).toEqual(['fresh_1.0.dsc']);
    expect(await readdir(partialDirOf(drop))).toEqual([]);
    expect(await readFile('/etc/passwd', 'utf8')).toContain('root:');
  });

  it('notices new files by itself once started (fs.watch), and processes what was left before the start', async () => {
    await stage(all());
    await intake.start();
    const uploadId = uploadIdOf(await changesBytes());
    await expect.poll(() => events.readStream(uploadStream(uploadId)), { timeout: 5_000 }).toHaveLength(1);

    const second = await makeSourceUpload(await mkdtemp(join(root, 'pkg-')), { version: '1.1' });
    for (const path of [...second.files, second.changes]) await copyFile(path, join(drop, basename(path)));
    const secondId = uploadIdOf(await readFile(second.changes));
    await expect.poll(() => events.readStream(uploadStream(secondId)), { timeout: 5_000 }).toHaveLength(1);
    await expect.poll(dropContents, { timeout: 5_000 }).toEqual([]);
  });

  it('rejects by itself, once the grace is over, a .changes whose files never arrive, naming each missing file', async () => {
    await stage([upload.changes]);
    const staged = performance.now();
    await intake.start();
    const uploadId = uploadIdOf(await changesBytes());
    await expect.poll(() => events.readStream(uploadStream(uploadId)), { timeout: 5_000, interval: 50 }).toHaveLength(1);
    const elapsed = performance.now() - staged;
    const [event] = await events.readStream(uploadStream(uploadId));
    expect(UploadRejected.is(event!)).toBe(true);
    expect((event as UploadRejected).data.reasons).toEqual(
      upload.files.map((path) => `incomplete upload: ${basename(path)} (listed in ${basename(upload.changes)}) did not arrive within 1 s`),
    );
    expect(elapsed).toBeGreaterThanOrEqual(timeoutMs - 50);
    expect(elapsed).toBeLessThan(timeoutMs + 3_000);
    // the rejection is appended first, then the files are cleared
    await expect.poll(() => dropContents(), { timeout: 5_000, interval: 50 }).toEqual([]);
  });

  describe('replays (a signed upload is identified by its signed content)', () => {
    let gnupg: GnupgHome;
    let fingerprint: string;
    let text: string;
    let signed: string;

    beforeAll(async () => {
      gnupg = await GnupgHome.create();
      fingerprint = await gnupg.generateKey('Replay Test <replay@example.invalid>', 'ed25519');
      text = await readFile(upload.changes, 'utf8');
      signed = await gnupg.clearsign(text, fingerprint, { digest: 'SHA256' });
    });
    afterAll(() => gnupg.remove());

    /** Stages the upload's files with `changes` as its .changes, as dput would send them. */
    const send = async (changes: string): Promise<Buffer> => {
      const bytes = Buffer.from(changes);
      await stage(upload.files);
      await writeFile(join(drop, basename(upload.changes)), bytes);
      return bytes;
    };
    const verifies = async (changes: string): Promise<boolean> =>
      (await execa('gpg', ['--batch', '--verify'], { input: changes, env: gnupg.env, reject: false })).exitCode === 0;

    it('rejects a re-encoded or re-signed copy of a taken-in upload in its own stream, naming the original; the original stream is untouched', async () => {
      await send(signed);
      const original = only(await intake.scan(), 'received');
      const resigned = await gnupg.clearsign(text, fingerprint, { digest: 'SHA512' });
      const copies = {
        'CRLF line endings': signed.replaceAll('\n', '\r\n'),
        'an extra armor header in the signature block': signed.replace('-----BEGIN PGP SIGNATURE-----\n', '$&Comment: re-armored by a mail client\n'),
        'another signature (another digest) over the same text': resigned,
      };
      for (const [what, copy] of Object.entries(copies)) {
        expect(await verifies(copy), `${what}: gpg verifies the copy`).toBe(true);
        const bytes = await send(copy);
        const replay = only(await intake.scan(), 'replay');
        expect(replay.originalUploadId, what).toBe(original.uploadId);
        expect(replay.uploadId, what).toBe(copyIdOf(sha256(bytes)));
        expect(replay.reasons).toEqual([`replay: the signed content of ${basename(upload.changes)} was already uploaded as upload ${original.uploadId}`]);
        const stream = await events.readStream(uploadStream(replay.uploadId));
        expect(stream.map((event) => event.type), what).toEqual(['UploadRejected']);
        expect(stream[0]!.data).toEqual({ uploadId: replay.uploadId, source: 'hello-incoming', version: '1.0', distribution: 'bookworm-test-unstable', reasons: replay.reasons });
        expect(await dropContents(), what).toEqual([]);
      }
      expect((await events.readStream(uploadStream(original.uploadId))).map((event) => event.type)).toEqual(['UploadReceived']);
      expect(await events.headPosition()).toBe(1 + Object.keys(copies).length);
    });

    it('never removes unseen a copy that replaced the .changes while the previous one was being recorded', async () => {
      await send(signed);
      only(await intake.scan(), 'received');
      const crlf = signed.replaceAll('\n', '\r\n');
      const armored = signed.replace('-----BEGIN PGP SIGNATURE-----\n', '$&Comment: re-armored by a mail client\n');
      await send(crlf);
      // The second copy lands under the same name just as the first one's rejection is recorded.
      const append = events.append.bind(events);
      let replaced = false;
      events.append = async (...args: Parameters<typeof append>) => {
        const result = await append(...args);
        if (!replaced) {
          replaced = true;
          await writeFile(join(drop, basename(upload.changes)), armored);
        }
        return result;
      };
      expect(only(await intake.scan(), 'replay').uploadId).toBe(copyIdOf(sha256(Buffer.from(crlf))));
      expect(await dropContents()).toContain(basename(upload.changes));
      expect(only(await intake.scan(), 'replay').uploadId).toBe(copyIdOf(sha256(Buffer.from(armored))));
      expect(await dropContents()).toEqual([]);
    });

    it('clears the same bytes again silently: of the original (a re-delivery) and of a replay', async () => {
      await send(signed);
      const original = only(await intake.scan(), 'received');
      await send(signed);
      expect(only(await intake.scan(), 'duplicate').uploadId).toBe(original.uploadId);
      const crlf = signed.replaceAll('\n', '\r\n');
      await send(crlf);
      const replay = only(await intake.scan(), 'replay');
      await send(crlf);
      expect(only(await intake.scan(), 'duplicate').uploadId).toBe(replay.uploadId);
      expect(await events.headPosition()).toBe(2);
      expect(await dropContents()).toEqual([]);
    });

    it('takes in a copy signed anew, or the same bytes again, of an upload the packager rejected as a new upload under its own id', async () => {
      await send(signed);
      const original = only(await intake.scan(), 'received');
      await events.append(
        uploadStream(original.uploadId),
        [UploadRejected.create({ uploadId: original.uploadId, reasons: [`Key ${fingerprint} may not upload to repository test`] }, original.event.metadata)],
        'any',
      );
      const resigned = await gnupg.clearsign(text, fingerprint, { digest: 'SHA512' });
      const bytes = await send(resigned);
      const resubmitted = only(await intake.scan(), 'received');
      expect(resubmitted.uploadId).toBe(copyIdOf(sha256(bytes)));
      expect((await events.readStream(uploadStream(original.uploadId))).map((event) => event.type)).toEqual(['UploadReceived', 'UploadRejected']);
      // the very same bytes again (dput -f once the key was added): a new attempt too
      const again = await send(signed);
      expect(only(await intake.scan(), 'received').uploadId).toBe(copyIdOf(sha256(again)));
    });

    it('treats a signed .changes and the same text unsigned as different uploads', async () => {
      await send(signed);
      only(await intake.scan(), 'received');
      await send(text);
      expect(only(await intake.scan(), 'received').uploadId).not.toBe(uploadIdOf(Buffer.from(signed)));
    });

    it('takes in an upload sent again after it was rejected as incomplete: the same bytes, then again', async () => {
      await writeFile(join(drop, basename(upload.changes)), signed);
      await age([basename(upload.changes)], timeoutMs / 1000 + 1);
      const rejected = only(await intake.scan(), 'rejected');
      const bytes = await send(signed);
      const second = only(await intake.scan(), 'received');
      expect(second.uploadId).toBe(copyIdOf(sha256(bytes)));
      expect(second.uploadId).not.toBe(rejected.uploadId);
      await send(signed);
      expect(only(await intake.scan(), 'duplicate').uploadId).toBe(second.uploadId);
      expect(await events.headPosition()).toBe(2);
    });
  });

  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });
});
