import { InMemoryEventStore } from '@mbd/events';
import { ArchiveKey } from '@mbd/gpg';
import { ArchiveAt, type BlobStore } from '@mbd/repository';
import { SnapshotsService } from '@mbd/workflows';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebApp, type WebApp } from '../testing/web-app.fixture.js';

const DIST = 'bookworm-test-stable';
const snapshots = [{ name: 'release-1', position: 3, createdAt: '2026-11-01T12:00:00.000Z', distribution: DIST }];

/** The delivery of snapshots through the real WebModule: anonymous reads, the snapshot's tree by time travel, its Release re-signed, the pool's fallback. */
describe('snapshot delivery over HTTP', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'mbd-web-snapshots-'));
  let web: WebApp;
  let rebuilds: number[];
  const get = async (path: string) => {
    const response = await fetch(`${web.url}/repositories/test/${path}`);
    return { status: response.status, body: await response.text() };
  };

  beforeAll(async () => {
    mkdirSync(join(dataDir, 'repositories', 'test', 'dists', DIST), { recursive: true });
    writeFileSync(join(dataDir, 'repositories', 'test', 'dists', DIST, 'Release'), `Codename: ${DIST}\nSuite: ${DIST}\n`);
    const store = new InMemoryEventStore();
    for (let i = 0; i < 5; i++) {
      await store.append('sample', [{ type: 'SampleRecorded', version: 1, data: { i }, metadata: { actor: { kind: 'user', name: 'test' }, correlationId: 'c', occurredAt: new Date().toISOString() } }], 'any');
    }
    rebuilds = [];
    const timeTravel = new ArchiveAt({
      store,
      blobs: {} as BlobStore,
      cacheDir: join(dataDir, 'cache', 'at'),
      rebuild: async (out, position) => {
        rebuilds.push(position);
        const dist = join(out, 'test', 'dists', DIST);
        mkdirSync(join(dist, 'main', 'binary-amd64'), { recursive: true });
        writeFileSync(join(dist, 'Release'), `Origin: mbd\nCodename: ${DIST}\nSuite: ${DIST}\nSHA256:\n 0 0 main/binary-amd64/Packages\n`);
        writeFileSync(join(dist, 'main', 'binary-amd64', 'Packages'), `Package: hello\nVersion: 1.0+${position}\n`);
        mkdirSync(join(out, 'test', 'pool', 'main', 'h', 'hello'), { recursive: true });
        writeFileSync(join(out, 'test', 'pool', 'main', 'h', 'hello', 'hello_1.0_all.deb'), 'old deb');
      },
    });
    web = await startWebApp({
      dataDir,
      timeTravel,
      providers: [
        {
          provide: SnapshotsService,
          useValue: {
            find: async (repository: string, distribution: string, name: string) =>
              snapshots.find((snapshot) => repository === 'test' && snapshot.distribution === distribution && snapshot.name === name),
            ofRepository: async (repository: string) => (repository === 'test' ? snapshots : []),
          },
        },
        {
          provide: ArchiveKey,
          useValue: { signInRelease: async (text: string) => `-----BEGIN PGP SIGNED MESSAGE-----\n\n${text}`, signDetached: async () => '-----BEGIN PGP SIGNATURE-----\n' },
        },
      ],
    });
  });
  afterAll(async () => {
    await web.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("looks for a pool file the head lacks only in snapshot trees rebuilt already, never rebuilding for it", async () => {
    expect((await get('pool/main/h/hello/hello_1.0_all.deb')).status).toBe(404);
    expect(rebuilds).toEqual([]);
  });

  it('serves a snapshot to anyone from the tree of its position, its Release with the Suite apt expects, signed again', async () => {
    const release = await get(`dists/${DIST}/snapshots/release-1/Release`);
    expect(release).toEqual({ status: 200, body: `Origin: mbd\nCodename: ${DIST}\nSuite: ${DIST}/snapshots/release-1\nSHA256:\n 0 0 main/binary-amd64/Packages\n` });
    expect((await get(`dists/${DIST}/snapshots/release-1/InRelease`)).body).toContain(`-----BEGIN PGP SIGNED MESSAGE-----\n\nOrigin: mbd\nCodename: ${DIST}\nSuite: ${DIST}/snapshots/release-1\n`);
    expect((await get(`dists/${DIST}/snapshots/release-1/Release.gpg`)).body).toContain('BEGIN PGP SIGNATURE');
    expect(await get(`dists/${DIST}/snapshots/release-1/main/binary-amd64/Packages`)).toEqual({ status: 200, body: 'Package: hello\nVersion: 1.0+3\n' });
    expect(rebuilds).toEqual([3]);
    // the head's Release is untouched
    expect((await get(`dists/${DIST}/Release`)).body).toBe(`Codename: ${DIST}\nSuite: ${DIST}\n`);
  });

  it("then serves the snapshot's pool files the head lacks", async () => {
    expect(await get('pool/main/h/hello/hello_1.0_all.deb')).toEqual({ status: 200, body: 'old deb' });
    expect((await get('pool/main/h/hello/hello_2.0_all.deb')).status).toBe(404);
    expect(rebuilds).toEqual([3]);
  });

  it('answers 404 for a snapshot that does not exist, and for snapshots of snapshots', async () => {
    expect((await get(`dists/${DIST}/snapshots/nope/InRelease`)).status).toBe(404);
    expect((await get(`dists/bookworm-test-unstable/snapshots/release-1/InRelease`)).status).toBe(404);
    expect((await get(`dists/${DIST}/snapshots/release-1/snapshots/x/InRelease`)).status).toBe(404);
    expect(rebuilds).toEqual([3]);
  });
});
