import { InMemoryEventStore } from '@mbd/events';
import { ArchiveAt, type BlobStore } from '@mbd/repository';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN_FOR_TESTS, startWebApp, type WebApp } from '../testing/web-app.fixture.js';

const start = Date.UTC(2026, 10, 1, 12, 0, 0);
const at = (minutes: number) => new Date(start + minutes * 60_000).toISOString();

/** GET with the path sent exactly as written (fetch would normalize "..", "%2e" and the like). */
const rawGet = (port: number, path: string, headers: Record<string, string> = {}) =>
  new Promise<{ status: number; body: string; headers: Record<string, string | string[] | undefined> }>((resolve, reject) => {
    const request = httpRequest({ host: '127.0.0.1', port, path, headers }, (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('end', () => resolve({ status: response.statusCode!, body, headers: response.headers }));
    });
    request.once('error', reject);
    request.end();
  });

const bearer = { authorization: `Bearer ${ADMIN_TOKEN_FOR_TESTS}` };

describe('repository delivery over HTTP', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'mbd-web-delivery-'));
  const live = join(dataDir, 'repositories', 'test');
  let web: WebApp;
  let rebuilds: number[];

  beforeAll(async () => {
    for (const [path, content] of [
      ['dists/bookworm-test-unstable/InRelease', 'Codename: bookworm-test-unstable\n'],
      ['pool/main/h/hello/hello_1.0+1.dsc', 'Source: hello\n'],
      ['conf/distributions', 'Codename: bookworm-test-unstable\nSignWith: secret\n'],
      ['db/packages.db', 'reprepro database'],
    ]) {
      mkdirSync(join(live, path, '..'), { recursive: true });
      writeFileSync(join(live, path), content);
    }
    const store = new InMemoryEventStore();
    for (let i = 0; i < 5; i++) {
      await store.append('sample', [{ type: 'SampleRecorded', version: 1, data: { i }, metadata: { actor: { kind: 'user', name: 'test' }, correlationId: 'c', occurredAt: at(i) } }], 'any');
    }
    rebuilds = [];
    const timeTravel = new ArchiveAt({
      store,
      blobs: {} as BlobStore,
      cacheDir: join(dataDir, 'cache', 'at'),
      rebuild: async (out, position) => {
        rebuilds.push(position);
        for (const dir of ['dists/bookworm-test-unstable', 'conf']) mkdirSync(join(out, 'test', dir), { recursive: true });
        writeFileSync(join(out, 'test', 'dists', 'bookworm-test-unstable', 'Release'), `as of position ${position}\n`);
        writeFileSync(join(out, 'test', 'conf', 'distributions'), 'SignWith: secret\n');
      },
    });
    web = await startWebApp({ dataDir, timeTravel });
  });
  afterAll(async () => {
    await web.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  describe('access', () => {
    it('serves dists/ and pool/', async () => {
      const inRelease = await rawGet(web.port, '/repositories/test/dists/bookworm-test-unstable/InRelease');
      expect(inRelease).toMatchObject({ status: 200, body: 'Codename: bookworm-test-unstable\n' });
      expect(await rawGet(web.port, '/repositories/test/pool/main/h/hello/hello_1.0%2B1.dsc')).toMatchObject({ status: 200, body: 'Source: hello\n' });
      expect(await rawGet(web.port, '/repositories/test/pool/main/h/hello/hello_1.0+1.dsc')).toMatchObject({ status: 200, body: 'Source: hello\n' });
    });

    it('answers 400 to a double-encoded path instead of serving reprepro conf', async () => {
      const response = await rawGet(web.port, '/repositories/test/dists/%252e%252e/conf/distributions');
      expect(response.status).toBe(400);
      expect(JSON.parse(response.body).message).toMatch(/"%" left in .* after decoding: double-encoded paths are refused/);
      expect(response.body).not.toContain('SignWith');
    });

    it('answers 400 to "..", encoded or not, and never serves conf/ or db/', async () => {
      for (const path of ['/repositories/test/dists/%2e%2e/conf/distributions', '/repositories/test/dists/../conf/distributions', '/repositories/test/pool/..%2fconf/distributions']) {
        const response = await rawGet(web.port, path);
        expect(response.status, path).toBe(400);
        expect(response.body).not.toContain('SignWith');
      }
      for (const path of ['/repositories/test/conf/distributions', '/repositories/test/db/packages.db', '/repositories/test/%63onf/distributions']) {
        const response = await rawGet(web.port, path);
        expect(response.status, path).toBe(404);
        expect(response.body, path).not.toMatch(/SignWith|reprepro database/);
      }
      // The repository's own URL is its web page (repository-pages.controller.ts), never a listing of the tree.
      for (const path of ['/repositories/test/', '/repositories/test']) expect((await rawGet(web.port, path)).body, path).not.toMatch(/SignWith|reprepro database|conf\//);
    });

    it('answers 404 with a message for a file that is not there', async () => {
      const response = await rawGet(web.port, '/repositories/test/dists/bookworm-test-unstable/Release');
      expect(response.status).toBe(404);
      expect(JSON.parse(response.body).message).toBe('not found: dists/bookworm-test-unstable/Release');
    });

    it('leaves the published snippets to the repositories controller', async () => {
      const key = await rawGet(web.port, '/repositories/test/archive-key.asc');
      expect(key.status).toBe(200);
      expect(key.body).toContain('BEGIN PGP PUBLIC KEY BLOCK');
      expect((await rawGet(web.port, '/repositories/nothere/archive-key.asc')).status).toBe(404);
    });
  });

  describe('time travel', () => {
    it('gives the head to anyone from the live tree, without a rebuild', async () => {
      const response = await rawGet(web.port, '/repositories/test/@5/dists/bookworm-test-unstable/InRelease');
      expect(response).toMatchObject({ status: 200, body: 'Codename: bookworm-test-unstable\n' });
      const byTime = await rawGet(web.port, `/repositories/test/@${at(30)}/dists/bookworm-test-unstable/InRelease`);
      expect(byTime).toMatchObject({ status: 200, body: 'Codename: bookworm-test-unstable\n' });
      expect(await rawGet(web.port, '/repositories/test/@5/dists/bookworm-test-unstable/Release')).toMatchObject({ status: 404 });
    });

    it('answers 401 with the reason to an anonymous client asking for another position or time', async () => {
      for (const bound of ['3', at(2.5)]) {
        const response = await rawGet(web.port, `/repositories/test/@${bound}/dists/bookworm-test-unstable/Release`);
        expect(response.status, bound).toBe(401);
        expect(JSON.parse(response.body).message).toBe('only the head of the log (position 5) is public; older positions and times need the admin token');
        expect(response.headers['www-authenticate']).toMatch(/Bearer/);
      }
      const wrong = await rawGet(web.port, '/repositories/test/@3/dists/bookworm-test-unstable/Release', { authorization: `Bearer ${'x'.repeat(ADMIN_TOKEN_FOR_TESTS.length)}` });
      expect(wrong.status).toBe(401);
      expect(rebuilds).not.toContain(3);
    });

    it('gives any existing position or time to a client with the admin token (Bearer, or Basic as apt sends it)', async () => {
      expect(await rawGet(web.port, '/repositories/test/@3/dists/bookworm-test-unstable/Release', bearer)).toMatchObject({ status: 200, body: 'as of position 3\n' });
      const basic = { authorization: `Basic ${Buffer.from(`apt:${ADMIN_TOKEN_FOR_TESTS}`).toString('base64')}` };
      const byTime = await rawGet(web.port, `/repositories/test/@${at(1.5)}/dists/bookworm-test-unstable/Release`, basic);
      expect(byTime).toMatchObject({ status: 200, body: 'as of position 2\n' });
    });

    it('keys the cache by position: a time that denotes a built position rebuilds nothing', async () => {
      const before = rebuilds.length;
      expect((await rawGet(web.port, `/repositories/test/@${at(2.2)}/dists/bookworm-test-unstable/Release`, bearer)).body).toBe('as of position 3\n');
      expect(rebuilds.length).toBe(before);
    });

    it('answers 404 to a position or time that does not exist, 400 to the future and to nonsense', async () => {
      const cases: [string, number, RegExp][] = [
        ['9', 404, /there is no position 9: the log holds positions 1 to 5/],
        ['0', 404, /there is no position 0/],
        [at(-10), 404, /is before the first event of the log/],
        [new Date(Date.now() + 3_600_000).toISOString(), 400, /is in the future/],
        ['yesterday', 400, /is neither a log position nor an ISO 8601 time/],
      ];
      for (const [bound, status, message] of cases) {
        const response = await rawGet(web.port, `/repositories/test/@${bound}/dists/bookworm-test-unstable/Release`, bearer);
        expect(response.status, bound).toBe(status);
        expect(JSON.parse(response.body).message, bound).toMatch(message);
      }
      expect(rebuilds).not.toContain(9);
    });

    it('never serves conf/ of a rebuilt tree', async () => {
      const response = await rawGet(web.port, '/repositories/test/@5/conf/distributions', bearer);
      expect(response.status).toBe(404);
      expect(response.body).not.toContain('SignWith');
    });
  });
});
