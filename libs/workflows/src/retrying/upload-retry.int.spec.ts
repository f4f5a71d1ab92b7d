import type { CommandMetadata } from '@mbd/archive';
import { InMemoryEventStore, UploadReceived, UploadRejected, UploadRetried, UploadRetryRefused, uploadStream } from '@mbd/events';
import { UploadIntake } from '@mbd/incoming';
import { FsBlobStore } from '@mbd/repository';
import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UploadRetryError } from './upload-retry.errors.js';
import { UploadRetryService } from './upload-retry.service.js';

const run = promisify(execFile);
const admin: CommandMetadata = { now: '2026-11-30T12:00:00.000Z', actor: { kind: 'user', name: 'admin' }, correlationId: 'c1' };

describe('retrying a whole upload: the stored .changes and files through incoming again', () => {
  let root: string;
  let drop: string;
  let changesPath: string;
  let store: InMemoryEventStore;
  let blobs: FsBlobStore;
  let intake: UploadIntake;
  let uploadId: string;

  /** Puts the upload's files into the FTP drop, the .changes last, and lets the intake scan. */
  const dput = async (changes = changesPath) => {
    const dir = dirname(changes);
    for (const name of await readdir(dir)) if (!name.endsWith('.changes')) await copyFile(join(dir, name), join(drop, name));
    await copyFile(changes, join(drop, basename(changes)));
    return intake.scan();
  };

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'mbd-retry-int-'));
    drop = join(root, 'incoming');
    await mkdir(drop);
    store = new InMemoryEventStore();
    blobs = new FsBlobStore(join(root, 'blobs'));
    intake = new UploadIntake({ drop: { dir: drop, via: 'ftp' }, limits: { maxFileBytes: 1 << 24, maxUploadBytes: 1 << 26 }, missingFilesGraceMs: 60_000, strayTimeoutMs: 60_000 }, store, blobs);
    const { stdout } = await run('bash', [join(process.cwd(), 'test/packages/build-source.sh'), 'mbd-test-all', join(root, 'src')]);
    changesPath = stdout.trim().split('\n').at(-1)!;
    const [outcome] = await dput();
    if (outcome?.kind !== 'received') throw new Error(`the upload was not taken in: ${JSON.stringify(outcome)}`);
    uploadId = outcome.uploadId;
    // the packager rejects it: its uploader key is not allowed yet
    await store.append(uploadStream(uploadId), [UploadRejected.create({ uploadId, reasons: ['unsigned upload: repository test takes only signed uploads'] }, { actor: { kind: 'daemon' }, correlationId: uploadId, occurredAt: admin.now })], 0);
  }, 60_000);
  afterAll(async () => {
    await intake.stop();
    await rm(root, { recursive: true, force: true });
  });

  it('records UploadRetried in the original stream and takes the same files in as a new upload that names it (retryOf)', async () => {
    const result = await new UploadRetryService(store, blobs).retry(uploadId, 'uploader key added', admin);
    expect(result).toEqual({ uploadId, retryUploadId: `${uploadId}.retry1`, intake: 'received' });
    const original = await store.readStream(uploadStream(uploadId));
    const retried = original.at(-1)!;
    expect(UploadRetried.is(retried) && retried.data).toEqual({ uploadId, retryUploadId: `${uploadId}.retry1`, source: 'mbd-test-all', version: '1.0~test12+1', reason: 'uploader key added' });
    expect(retried.metadata.actor).toEqual({ kind: 'user', name: 'admin' });
    const [taken] = await store.readStream(uploadStream(`${uploadId}.retry1`));
    const first = original[0] as UploadReceived;
    expect(UploadReceived.is(taken!)).toBe(true);
    expect((taken as UploadReceived).data).toEqual({ ...first.data, uploadId: `${uploadId}.retry1`, via: 'api', retryOf: uploadId });
    expect(taken!.metadata).toMatchObject({ actor: { kind: 'user', name: 'admin' }, correlationId: `${uploadId}.retry1`, causationId: retried.id });
  });

  it('refuses a second retry while the first is alive, recording why; an unknown upload is no retry at all', async () => {
    const service = new UploadRetryService(store, blobs);
    const refusal = await service.retry(uploadId, undefined, admin).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(UploadRetryError);
    expect(refusal).toMatchObject({ code: 'refused', message: `upload ${uploadId} was already retried as upload ${uploadId}.retry1, which is received` });
    expect(UploadRetryRefused.is((await store.readStream(uploadStream(uploadId))).at(-1)!)).toBe(true);
    expect(await store.readStream(uploadStream(`${uploadId}.retry2`))).toEqual([]);
    await expect(service.retry('0123456789abcdef0123456789abcdef', undefined, admin)).rejects.toMatchObject({ code: 'upload-unknown' });
  });

  it('leaves FTP replays refused: the same .changes sent again is still a duplicate, a re-encoded copy a replay', async () => {
    const [again] = await dput();
    expect(again).toMatchObject({ kind: 'duplicate', uploadId });
    const copy = join(root, 'copy', basename(changesPath));
    await mkdir(dirname(copy));
    for (const name of await readdir(dirname(changesPath))) await copyFile(join(dirname(changesPath), name), join(dirname(copy), name));
    await writeFile(copy, (await readFile(changesPath, 'latin1')).replaceAll('\n', '\r\n'), 'latin1');
    const [replay] = await dput(copy);
    expect(replay?.kind).toBe('replay');
  });

  it('refuses the retry, naming the file, when the blob store no longer has one of its files', async () => {
    // a second upload, rejected, then one of its blobs removed (as the rejected-blob sweeper does after the retention)
    const other = await mkdtemp(join(root, 'other-'));
    const { stdout } = await run('bash', [join(process.cwd(), 'test/packages/build-source.sh'), 'mbd-test-all', other, '1.1~test12+1']);
    const [outcome] = await dput(stdout.trim().split('\n').at(-1)!);
    if (outcome?.kind !== 'received') throw new Error(`the upload was not taken in: ${JSON.stringify(outcome)}`);
    const otherId = outcome.uploadId;
    await store.append(uploadStream(otherId), [UploadRejected.create({ uploadId: otherId, reasons: ['not allowed'] }, { actor: { kind: 'daemon' }, correlationId: otherId, occurredAt: admin.now })], 0);
    const received = (await store.readStream(uploadStream(otherId)))[0] as UploadReceived;
    const tarball = received.data.files.find((file) => file.name.endsWith('.tar.xz'))!;
    await blobs.delete(tarball.sha256);
    const refusal = await new UploadRetryService(store, blobs).retry(otherId, undefined, admin).catch((error: unknown) => error);
    expect(refusal).toMatchObject({ code: 'refused', message: expect.stringContaining(`the blob store no longer has ${tarball.name}`) });
  });

  it('finishes a retry the daemon decided but never took in (stopped between the two), instead of deciding another', async () => {
    const third = await mkdtemp(join(root, 'third-'));
    const { stdout } = await run('bash', [join(process.cwd(), 'test/packages/build-source.sh'), 'mbd-test-all', third, '1.2~test12+1']);
    const [outcome] = await dput(stdout.trim().split('\n').at(-1)!);
    if (outcome?.kind !== 'received') throw new Error(`the upload was not taken in: ${JSON.stringify(outcome)}`);
    const thirdId = outcome.uploadId;
    const daemon = { actor: { kind: 'daemon' as const }, correlationId: thirdId, occurredAt: admin.now };
    await store.append(uploadStream(thirdId), [UploadRejected.create({ uploadId: thirdId, reasons: ['not allowed'] }, daemon)], 0);
    // what a kill -9 right after the decision leaves: UploadRetried naming a retry whose stream does not exist
    await store.append(uploadStream(thirdId), [UploadRetried.create({ uploadId: thirdId, retryUploadId: `${thirdId}.retry1`, source: 'mbd-test-all', version: '1.2~test12+1' }, daemon)], 1);
    const result = await new UploadRetryService(store, blobs).retry(thirdId, undefined, admin);
    expect(result).toEqual({ uploadId: thirdId, retryUploadId: `${thirdId}.retry1`, intake: 'received' });
    expect(UploadReceived.is((await store.readStream(uploadStream(`${thirdId}.retry1`)))[0]!)).toBe(true);
    expect((await store.readStream(uploadStream(thirdId))).filter((event) => UploadRetried.is(event))).toHaveLength(1);
    expect(await store.readStream(uploadStream(`${thirdId}.retry2`))).toEqual([]);
  });
});
