import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request as httpRequest, type IncomingHttpHeaders, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebApp, type WebApp } from '../testing/web-app.fixture.js';
import { liveTreeFiles } from './live-tree-files.js';
import { servedBeforeNest } from './served-before-nest.js';

/** A request with the path sent exactly as written (fetch would normalize "..", "%2e" and the like) and exactly these headers. */
const raw = (port: number, path: string, headers: Record<string, string> = {}, method = 'GET') =>
  new Promise<{ status: number; body: Buffer; headers: IncomingHttpHeaders }>((resolve, reject) => {
    const request = httpRequest({ host: '127.0.0.1', port, path, headers, method }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode!, body: Buffer.concat(chunks), headers: response.headers }));
    });
    request.once('error', reject);
    request.end();
  });

/**
 * The files of the live trees answered before the Nest stack (liveTreeFiles, installed by
 * configureHttp): the same answers, access rules and traversal refusals as the full delivery.
 */
describe('live tree files, answered before the Nest stack', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'mbd-web-live-files-'));
  const live = join(dataDir, 'repositories', 'test');
  const packages = '/repositories/test/dists/bookworm-test-unstable/main/binary-amd64/Packages';
  const large = Buffer.alloc(3 * 1024 * 1024 + 17, 'x');
  let web: WebApp;
  const put = (path: string, content: string | Buffer) => {
    mkdirSync(join(live, path, '..'), { recursive: true });
    // As reprepro publishes: a new file renamed over the old one.
    writeFileSync(join(live, `${path}.new`), content);
    renameSync(join(live, `${path}.new`), join(live, path));
  };

  beforeAll(async () => {
    put('dists/bookworm-test-unstable/main/binary-amd64/Packages', 'Package: hello\nVersion: 1.0\n');
    put('dists/bookworm-test-unstable/.hidden', 'secret');
    put('pool/main/h/hello/hello_1.0_all.deb', large);
    put('conf/distributions', 'Codename: bookworm-test-unstable\nSignWith: secret\n');
    const timeTravel = { resolve: () => Promise.reject(new Error('no time travel here')), treeAt: () => Promise.reject(new Error('no time travel here')) };
    web = await startWebApp({ dataDir, timeTravel });
  });
  afterAll(async () => {
    await web.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('serves a file with its type, length and an ETag from its stat, and no Last-Modified', async () => {
    const response = await raw(web.port, packages);
    expect(response.status).toBe(200);
    expect(response.body.toString()).toBe('Package: hello\nVersion: 1.0\n');
    expect(response.headers).toMatchObject({ 'content-type': 'application/octet-stream', 'content-length': '28', 'accept-ranges': 'bytes', 'cache-control': 'public, max-age=0' });
    expect(response.headers.etag).toMatch(/^W\/"1c-[0-9a-f]+"$/);
    expect(response.headers['last-modified']).toBeUndefined();
  });

  it('answers HEAD with the headers of GET and no body', async () => {
    const get = await raw(web.port, packages);
    const head = await raw(web.port, packages, {}, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
    expect(head.headers).toMatchObject({ etag: get.headers.etag, 'content-length': '28', 'content-type': 'application/octet-stream' });
  });

  it('answers 304 to the ETag of the file as it is, 200 to an old one, to Cache-Control: no-cache and to If-Modified-Since alone', async () => {
    const { headers } = await raw(web.port, packages);
    const notModified = await raw(web.port, packages, { 'If-None-Match': headers.etag! });
    expect(notModified.status).toBe(304);
    expect(notModified.body.length).toBe(0);
    expect(notModified.headers.etag).toBe(headers.etag);
    expect((await raw(web.port, packages, { 'If-None-Match': `"other", ${headers.etag!}` })).status).toBe(304);
    expect((await raw(web.port, packages, { 'If-None-Match': 'W/"1c-0"' })).status).toBe(200);
    expect((await raw(web.port, packages, { 'If-None-Match': headers.etag!, 'Cache-Control': 'no-cache' })).status).toBe(200);
    expect((await raw(web.port, packages, { 'If-Modified-Since': new Date(Date.now() + 60_000).toUTCString() })).status).toBe(200);
  });

  it('serves the new file once it is replaced, never the copy it kept', async () => {
    const before = await raw(web.port, packages);
    put('dists/bookworm-test-unstable/main/binary-amd64/Packages', 'Package: hello\nVersion: 2.0\n');
    const after = await raw(web.port, packages, { 'If-None-Match': before.headers.etag! });
    expect(after.status).toBe(200);
    expect(after.body.toString()).toBe('Package: hello\nVersion: 2.0\n');
    put('dists/bookworm-test-unstable/main/binary-amd64/Packages', 'Package: hello\nVersion: 3.0 and more\n');
    expect((await raw(web.port, packages)).body.toString()).toBe('Package: hello\nVersion: 3.0 and more\n');
  });

  it('streams a file larger than it keeps in memory, whole', async () => {
    const response = await raw(web.port, '/repositories/test/pool/main/h/hello/hello_1.0_all.deb');
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('application/x-debian-package');
    expect(response.headers['content-length']).toBe(String(large.length));
    expect(response.body.equals(large)).toBe(true);
  });

  it('leaves a Range to the full delivery, which answers it', async () => {
    const response = await raw(web.port, packages, { Range: 'bytes=0-6' });
    expect(response.status).toBe(206);
    expect(response.body.toString()).toBe('Package');
  });

  it('refuses traversal, conf/, db/ and dotfiles as the full delivery does', async () => {
    for (const path of [
      '/repositories/test/dists/../conf/distributions',
      '/repositories/test/dists/%2e%2e/conf/distributions',
      '/repositories/test/pool/..%2fconf/distributions',
      '/repositories/test/dists/%252e%252e/conf/distributions',
      '/repositories/test/dists/bookworm-test-unstable\\..\\..\\conf/distributions',
    ]) {
      const response = await raw(web.port, path);
      expect(response.status, path).toBe(400);
      expect(response.body.toString(), path).not.toContain('SignWith');
    }
    for (const path of ['/repositories/test/conf/distributions', '/repositories/test/%63onf/distributions', '/repositories/../repositories/test/conf/distributions']) {
      const response = await raw(web.port, path);
      expect(response.status, path).not.toBe(200);
      expect(response.body.toString(), path).not.toContain('SignWith');
    }
    const hidden = await raw(web.port, '/repositories/test/dists/bookworm-test-unstable/.hidden');
    expect(hidden.status).toBe(403);
    expect(hidden.body.toString()).not.toContain('secret');
  });

  it('leaves a missing file to the full delivery (404 with its message), and other methods to the API', async () => {
    const missing = await raw(web.port, '/repositories/test/dists/bookworm-test-unstable/Release');
    expect(missing.status).toBe(404);
    expect(JSON.parse(missing.body.toString()).message).toBe('not found: dists/bookworm-test-unstable/Release');
    expect((await raw(web.port, packages, {}, 'DELETE')).status).not.toBe(200);
  });
});

describe('servedBeforeNest with liveTreeFiles', () => {
  it('answers a live file without the application, and hands it everything else untouched', async () => {
    const root = mkdtempSync(join(tmpdir(), 'mbd-live-files-'));
    mkdirSync(join(root, 'test', 'dists', 'bookworm-test-unstable'), { recursive: true });
    writeFileSync(join(root, 'test', 'dists', 'bookworm-test-unstable', 'Release'), 'Suite: unstable\n');
    const handed: string[] = [];
    const application: RequestListener = (request, response) => {
      handed.push(`${request.method} ${request.url}`);
      response.writeHead(418).end('application');
    };
    const server = createServer(application);
    let bookkept = 0;
    server.on('request', () => (bookkept += 1));
    servedBeforeNest(server, application, liveTreeFiles(root));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    try {
      const release = await raw(port, '/repositories/test/dists/bookworm-test-unstable/Release?x=1');
      expect(release).toMatchObject({ status: 200 });
      expect(release.body.toString()).toBe('Suite: unstable\n');
      expect(handed).toEqual([]);
      for (const path of [
        '/repositories/test/dists/bookworm-test-unstable/InRelease',
        '/repositories/test/@3/dists/bookworm-test-unstable/Release',
        '/repositories/test/dists/bookworm-test-unstable/snapshots/s1/Release',
        '/repositories/test/dists/%2e%2e/conf/distributions',
        '/repositories/test/archive-key.asc',
        '/api/status',
      ]) {
        expect((await raw(port, path)).status, path).toBe(418);
      }
      expect((await raw(port, '/repositories/test/dists/bookworm-test-unstable/Release', {}, 'POST')).status).toBe(418);
      expect(handed).toHaveLength(7);
      expect(bookkept).toBe(8);
    } finally {
      await new Promise((resolve) => server.close(resolve));
      rmSync(root, { recursive: true, force: true });
    }
  });
});
