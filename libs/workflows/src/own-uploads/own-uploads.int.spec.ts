import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Global, Module, type INestApplicationContext } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { loadConfig } from '@mbd/config';
import { parseChanges } from '@mbd/debian';
import { EventStore, InMemoryEventStore, UploadReceived, uploadStream } from '@mbd/events';
import { ArchiveKey, loadOrCreateArchiveKey } from '@mbd/gpg';
import { IncomingModule, uploadIdOf } from '@mbd/incoming';
import { BlobStore, FsBlobStore } from '@mbd/repository';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addChangelogEntry } from './add-changelog-entry.js';
import { OwnUploads } from './own-uploads.js';

const buildSource = resolve('test/packages/build-source.sh');

describe('OwnUploads', () => {
  let root: string;
  let app: INestApplicationContext;
  let events: InMemoryEventStore;
  let blobs: FsBlobStore;
  let key: ArchiveKey;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'mbd-own-uploads-'));
    events = new InMemoryEventStore();
    blobs = new FsBlobStore(join(root, 'blobs'));
    key = await loadOrCreateArchiveKey(join(root, 'gpg'), 'mbd archive key');
    const config = loadConfig({ MBD_DATA_DIR: join(root, 'data'), MBD_FTP_PORT: '0' });

    @Global()
    @Module({
      providers: [{ provide: EventStore, useValue: events }, { provide: BlobStore, useValue: blobs }, { provide: ArchiveKey, useValue: key }],
      exports: [EventStore, BlobStore, ArchiveKey],
    })
    class StoresModule {}

    const moduleRef = await Test.createTestingModule({ imports: [StoresModule, IncomingModule.forRoot(config)], providers: [OwnUploads] }).compile();
    app = await moduleRef.init();
  });
  afterAll(async () => {
    await app?.close();
    await rm(root, { recursive: true, force: true });
  });

  it('turns an unpacked source with a new dch entry into an archive-signed upload that incoming records', async () => {
    // The original: a non-native source as an uploader built it, unpacked as the porter does.
    const original = join(root, 'original');
    await execa(buildSource, ['mbd-test-nonnative', original]);
    const work = await mkdtemp(join(root, 'port-'));
    await execa('dpkg-source', ['-x', join(original, 'mbd-test-nonnative_1.0-1~test12+1.dsc'), join(work, 'mbd-test-nonnative')]);
    await execa('cp', [join(original, 'mbd-test-nonnative_1.0.orig.tar.gz'), work]);
    const tree = join(work, 'mbd-test-nonnative');

    const ownUploads = app.get(OwnUploads);
    await addChangelogEntry(tree, {
      version: '1.0-1~test13+1',
      distribution: 'trixie-test-unstable',
      lines: ['Automated port via mbd (no changes).'],
      options: ['lintian-mode=ignore'],
      author: ownUploads.author(),
    });
    const changesName = await ownUploads.upload({ tree, since: '1.0-1~test12+1', includeOrig: true, changesFields: { 'X-Mbd-Ported-From': 'bookworm-test-unstable 1.0-1~test12+1' } });
    expect(changesName).toBe('mbd-test-nonnative_1.0-1~test13+1_source.changes');

    const changesText = await readFile(join(work, changesName), 'utf8');
    const streamId = uploadStream(uploadIdOf(Buffer.from(changesText)));
    await expect.poll(() => events.readStream(streamId), { timeout: 20_000 }).toHaveLength(1);
    const [received] = (await events.readStream(streamId)) as UploadReceived[];
    expect(received!.data).toMatchObject({ via: 'http', source: 'mbd-test-nonnative', version: '1.0-1~test13+1' });
    expect(received!.data.files.map((file) => file.name).sort()).toEqual(
      ['mbd-test-nonnative_1.0-1~test13+1.debian.tar.xz', 'mbd-test-nonnative_1.0-1~test13+1.dsc', 'mbd-test-nonnative_1.0.orig.tar.gz'],
    );

    // The .changes names the new distribution, carries the entry with the option line, and was made with -v.
    const changes = parseChanges(changesText);
    expect(changes.distributions).toEqual(['trixie-test-unstable']);
    expect(changes.changes).toContain('MINI_BUILDD_OPTION: lintian-mode=ignore');
    expect(changes.paragraph.get('X-Mbd-Ported-From')).toBe('bookworm-test-unstable 1.0-1~test12+1');
    expect(changes.changedBy).toBe(`${ownUploads.author().name} <${ownUploads.author().email}>`);

    // gpgv accepts both the .changes and the .dsc with nothing but the archive key.
    const keyring = join(root, 'archive-key.gpg');
    await writeFile(keyring, key.publicBinary);
    for (const name of [changesName, 'mbd-test-nonnative_1.0-1~test13+1.dsc']) {
      const gpgv = await execa('gpgv', ['--keyring', keyring, join(work, name)], { reject: false });
      expect(gpgv.exitCode, gpgv.stderr).toBe(0);
    }
    // And the stored .dsc is the signed one.
    const dsc = received!.data.files.find((file) => file.name.endsWith('.dsc'))!;
    expect(new TextDecoder().decode(await blobs.read(dsc.sha256))).toMatch(/^-----BEGIN PGP SIGNED MESSAGE-----/);
  });
});
