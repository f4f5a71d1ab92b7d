import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Global, Module, type INestApplicationContext } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { ConfigModule, loadConfig } from '@mbd/config';
import { parseChanges } from '@mbd/debian';
import { EventStore, InMemoryEventStore, UploadReceived, uploadStream } from '@mbd/events';
import { ArchiveKey, Keyring, loadOrCreateArchiveKey, verifyClearsigned } from '@mbd/gpg';
import { IncomingModule } from '@mbd/incoming';
import { BlobStore, FsBlobStore } from '@mbd/repository';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../../../test/support/free-port.js';
import { ConfigurationService } from '../configuration/configuration.service.js';
import { OwnUploads } from '../own-uploads/own-uploads.js';
import { testRepository } from '../testing/workflow-harness.js';
import { KeyringPackagesService } from './keyring-packages.service.js';

/** keyring_packages up to mbd's incoming, with the real dpkg-source, dpkg-genchanges, archive key and intake. */
describe('KeyringPackagesService', () => {
  let root: string;
  let app: INestApplicationContext;
  let events: InMemoryEventStore;
  let blobs: FsBlobStore;
  let key: ArchiveKey;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'mbd-keyring-packages-'));
    events = new InMemoryEventStore();
    blobs = new FsBlobStore(join(root, 'blobs'));
    key = await loadOrCreateArchiveKey(join(root, 'gpg'), 'mbd archive key');
    const config = loadConfig({ MBD_DATA_DIR: join(root, 'data'), MBD_FTP_PORT: String(await freePort()), MBD_PUBLIC_HOST: 'build.example.org' });
    @Global()
    @Module({
      providers: [
        { provide: EventStore, useValue: events },
        { provide: BlobStore, useValue: blobs },
        { provide: ArchiveKey, useValue: key },
        { provide: ConfigurationService, useValue: { current: () => ({ repositories: new Map([['test', testRepository]]) }) } },
      ],
      exports: [EventStore, BlobStore, ArchiveKey, ConfigurationService],
    })
    class StoresModule {}
    const moduleRef = await Test.createTestingModule({
      imports: [ConfigModule.forRoot(config), StoresModule, IncomingModule.forRoot(config)],
      providers: [OwnUploads, KeyringPackagesService],
    }).compile();
    app = await moduleRef.init();
  });

  afterAll(async () => {
    await app?.close();
    await rm(root, { recursive: true, force: true });
  });

  it("uploads <repository>-archive-keyring to the layout's keyring suite, signed by the archive key, and incoming records it", async () => {
    const started = await app.get(KeyringPackagesService).build({}, new Date('2026-11-30T22:05:09Z'));
    expect(started).toEqual([
      {
        distribution: 'bookworm-test-unstable',
        source: 'test-archive-keyring',
        version: '20261130220509~test12+1',
        changes: 'test-archive-keyring_20261130220509~test12+1_source.changes',
        uploadId: expect.stringMatching(/^[0-9a-f]{32}$/),
      },
    ]);
    const stream = uploadStream(started[0]!.uploadId);
    await expect.poll(() => events.readStream(stream), { timeout: 20_000 }).toHaveLength(1);
    const [received] = (await events.readStream(stream)) as UploadReceived[];
    expect(received!.data).toMatchObject({ source: 'test-archive-keyring', version: '20261130220509~test12+1', distribution: 'bookworm-test-unstable', via: 'http' });
    expect(received!.data.files.map((file) => file.name).sort()).toEqual(['test-archive-keyring_20261130220509~test12+1.dsc', 'test-archive-keyring_20261130220509~test12+1.tar.xz']);
    const changesText = (await blobs.read(received!.data.changes.sha256)).toString('utf8');
    const keyring = await Keyring.fromKeys([key.publicKey]);
    expect((await verifyClearsigned(changesText, keyring, { source: 'changes' })).fingerprint).toBe(key.fingerprint);
    expect(parseChanges(changesText).changedBy).toMatch(/^mbd archive key <[^<>@\s]+@[^<>\s]+\.[a-z]+>$/);
  });

  it('refuses a distribution that takes no uploads before uploading anything', async () => {
    const before = await events.headPosition();
    await expect(app.get(KeyringPackagesService).build({ distributions: ['bookworm-test-testing'] }, new Date())).rejects.toThrow('bookworm-test-testing takes no uploads');
    expect(await events.headPosition()).toBe(before);
  });
});
