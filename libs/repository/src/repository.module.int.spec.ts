import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Global, Module, type INestApplicationContext } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { sandboxConfiguration } from '@mbd/archive';
import { configSchema } from '@mbd/config';
import { EventStore, InMemoryEventStore } from '@mbd/events';
import { ArchiveKey } from '@mbd/gpg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArchiveReactor } from './archive.reactor.js';
import { BlobStore } from './blob-store/blob-store.port.js';
import { ArchiveAt } from './replay/archive-at.js';
import { RepositoryModule } from './repository.module.js';

const store = new InMemoryEventStore();

@Global()
@Module({ providers: [{ provide: EventStore, useValue: store }], exports: [EventStore] })
class TestEventsModule {}

describe('RepositoryModule', () => {
  let dataDir: string;
  let app: INestApplicationContext;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'mbd-repository-module-'));
    const moduleRef = await Test.createTestingModule({
      imports: [TestEventsModule, RepositoryModule.forRoot(configSchema.parse({ dataDir }))],
    }).compile();
    app = await moduleRef.init();
  });
  afterAll(async () => {
    await app.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('publishes the sandbox repository under <dataDir>/repositories/test, signed with the key in <dataDir>/gpg', async () => {
    const key = app.get(ArchiveKey);
    for (const { streamId, event } of sandboxConfiguration(key.fingerprint, new Date().toISOString())) await store.append(streamId, [event], 'any');
    const reactor = app.get(ArchiveReactor);
    await reactor.caughtUp(await store.headPosition());
    const inRelease = await readFile(join(dataDir, 'repositories', 'test', 'dists', 'bookworm-test-unstable', 'InRelease'), 'utf8');
    expect(inRelease).toContain('Codename: bookworm-test-unstable');
    expect(await readFile(join(dataDir, 'gpg', 'archive-key.asc'), 'utf8')).toContain('PRIVATE KEY');
    expect(await reactor.status()).toMatchObject({ state: 'following', lag: 0 });
    expect(await app.get(BlobStore).putBuffer(Buffer.from('x'))).toMatchObject({ size: 1 });
    expect(await app.get(ArchiveAt).treeAt('test', '1')).toBe(join(dataDir, 'cache', 'at', '1', 'test'));
  });
});
