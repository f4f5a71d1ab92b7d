import { createReadStream } from 'node:fs';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { Global, Module, type INestApplicationContext } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { loadConfig } from '@mbd/config';
import { EventStore, InMemoryEventStore, UploadReceived, uploadStream } from '@mbd/events';
import { BlobStore, FsBlobStore } from '@mbd/repository';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpUploadReceiver } from './http/http-upload.receiver.js';
import { uploadIdOf } from './intake/upload-id.js';
import { IncomingModule } from './incoming.module.js';
import { IncomingRunner } from './incoming.runner.js';
import { makeSourceUpload } from './testing/source-upload.fixture.js';

describe('IncomingModule', () => {
  let root: string;
  let app: INestApplicationContext;
  let events: InMemoryEventStore;
  let blobs: FsBlobStore;
  let port: number;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'mbd-incoming-module-'));
    events = new InMemoryEventStore();
    blobs = new FsBlobStore(join(root, 'blobs'));
    const pasvMin = 40_000 + Math.floor(Math.random() * 20_000);
    const config = loadConfig({ MBD_DATA_DIR: join(root, 'data'), MBD_FTP_PORT: '0', MBD_FTP_PASV_MIN: String(pasvMin), MBD_FTP_PASV_MAX: String(pasvMin + 50) });

    @Global()
    @Module({ providers: [{ provide: EventStore, useValue: events }, { provide: BlobStore, useValue: blobs }], exports: [EventStore, BlobStore] })
    class StoresModule {}

    const moduleRef = await Test.createTestingModule({ imports: [StoresModule, IncomingModule.forRoot(config)] }).compile();
    app = await moduleRef.init();
    port = app.get(IncomingRunner).ftpPort!;
  });
  afterAll(async () => {
    await app?.close();
    await rm(root, { recursive: true, force: true });
  });

  const receivedFor = async (changes: string): Promise<UploadReceived> => {
    const streamId = uploadStream(uploadIdOf(await readFile(changes)));
    await expect.poll(() => events.readStream(streamId), { timeout: 10_000 }).toHaveLength(1);
    return (await events.readStream(streamId))[0] as UploadReceived;
  };

  it('takes an upload from stock dput over FTP through to UploadReceived and the blob store', async () => {
    const work = await mkdtemp(join(root, 'dput-'));
    const upload = await makeSourceUpload(work);
    const dputCf = join(work, 'dput.cf');
    await writeFile(dputCf, `[mbd]\nmethod = ftp\nfqdn = 127.0.0.1:${port}\nincoming = /incoming\nlogin = anonymous\nallow_unsigned_uploads = 1\n`);

    const started = performance.now();
    const dput = await execa('dput', ['-c', dputCf, 'mbd', upload.changes], { cwd: work, reject: false, env: { USER: 'root' } });
    expect(dput.exitCode, dput.stdout + dput.stderr).toBe(0);
    const event = await receivedFor(upload.changes);
    console.info(`dput → UploadReceived: ${((performance.now() - started) / 1000).toFixed(2)} s`);

    expect(event.data.via).toBe('ftp');
    expect(event.data.files.map((file) => file.name)).toEqual(upload.files.map((path) => basename(path)));
    for (const [i, file] of event.data.files.entries()) expect(await blobs.read(file.sha256)).toEqual(await readFile(upload.files[i]!));
    // The files are cleared just after UploadReceived is appended.
    await expect.poll(() => readdir(join(root, 'data', 'incoming', 'ftp')), { timeout: 10_000 }).toEqual(['.partial']);

    const again = await execa('dput', ['-c', dputCf, 'mbd', upload.changes], { cwd: work, reject: false, env: { USER: 'root' } });
    expect(again.exitCode, again.stdout).toBe(0);
    await expect.poll(() => readdir(join(root, 'data', 'incoming', 'ftp')), { timeout: 10_000 }).toEqual(['.partial']);
    expect(await events.headPosition()).toBe(1);
  });

  it('takes the same kind of upload PUT file by file over HTTP, recorded as via http', async () => {
    const upload = await makeSourceUpload(await mkdtemp(join(root, 'http-')), { version: '2.0' });
    const receiver = app.get(HttpUploadReceiver);
    for (const path of [...upload.files, upload.changes]) await receiver.receive(basename(path), createReadStream(path));
    const event = await receivedFor(upload.changes);
    expect(event.data).toMatchObject({ via: 'http', version: '2.0' });
  });

  it('stops listening on shutdown', async () => {
    await app.close();
    const refused = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(false);
      });
      socket.once('error', () => resolve(true));
    });
    expect(refused).toBe(true);
  });
});
