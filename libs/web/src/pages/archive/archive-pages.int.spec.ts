import { EventStore, InMemoryEventStore, PackageInstalled, PackageMigrated, PackageRemoved, RepositoryCreated, type EventMetadata } from '@mbd/events';
import { ArchiveAt, type BlobStore } from '@mbd/repository';
import { ConfigurationService } from '@mbd/workflows';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN_FOR_TESTS, startWebApp, type WebApp } from '../../testing/web-app.fixture.js';
import { sampleRepository } from '../repositories/sample-repository.fixture.js';

const start = Date.UTC(2026, 10, 1, 12, 0, 0);
/** Event n of the log happened n minutes after the start. */
const minute = (n: number, seconds = 0) => new Date(start + n * 60_000 + seconds * 1000).toISOString();
const metadata = (n: number): EventMetadata => ({ actor: { kind: 'user', name: 'admin' }, correlationId: `c-${n}`, occurredAt: minute(n) });
const files = [{ name: 'hello_1.0.dsc', sha256: 'a'.repeat(64), size: 10 }];
const unstable = 'bookworm-test-unstable';
const testing = 'bookworm-test-testing';

interface Answer {
  readonly status: number;
  readonly body: string;
  readonly headers: Record<string, string | string[] | undefined>;
}

/** GET with the path sent exactly as written (fetch would normalize "..", "%2e" and the like), as a browser asking for a page. */
const get = (port: number, path: string, headers: Record<string, string> = {}) =>
  new Promise<Answer>((resolve, reject) => {
    const request = httpRequest({ host: '127.0.0.1', port, path, headers: { accept: 'text/html', ...headers } }, (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('end', () => resolve({ status: response.statusCode!, body, headers: response.headers }));
    });
    request.once('error', reject);
    request.end();
  });

describe('the archive pages over HTTP', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'mbd-web-archive-pages-'));
  const live = join(dataDir, 'repositories', 'test');
  const store = new InMemoryEventStore();
  const rebuilds: number[] = [];
  let releaseSlowRebuild: () => void = () => undefined;
  const slowRebuild = new Promise<void>((resolve) => (releaseSlowRebuild = resolve));
  let web: WebApp;
  let cookie: string;

  beforeAll(async () => {
    for (const [path, content] of [
      [`dists/${unstable}/InRelease`, 'live InRelease\n'],
      ['pool/main/h/hello/hello_1.0.dsc', 'Source: hello\n'],
      ['pool/main/h/hello/.hidden', 'not for apt\n'],
      ['conf/distributions', 'Codename: bookworm-test-unstable\nSignWith: secret\n'],
      ['db/packages.db', 'reprepro database'],
    ]) {
      mkdirSync(join(live, path, '..'), { recursive: true });
      writeFileSync(join(live, path), content);
    }
    // A link out of pool/ (to conf/) must not be followed.
    symlinkSync(join(live, 'conf'), join(live, 'pool', 'main', 'escape'));
    const append = (streamId: string, event: Parameters<InMemoryEventStore['append']>[1][number]) => store.append(streamId, [event], 'any');
    await append('config-repository-test', RepositoryCreated.create(sampleRepository, metadata(1)));
    await append('dist-a', PackageInstalled.create({ distribution: unstable, source: 'hello', version: '1.0', uploadId: 'upload-1', files, binaries: [] }, metadata(2)));
    await append('dist-a', PackageInstalled.create({ distribution: unstable, source: 'world', version: '2.0', uploadId: 'upload-2', files, binaries: [] }, metadata(3)));
    await append('dist-b', PackageMigrated.create({ from: unstable, to: testing, source: 'hello', version: '1.0', files, binaries: [] }, metadata(4)));
    await append('dist-a', PackageRemoved.create({ distribution: unstable, source: 'world', version: '2.0' }, metadata(5)));
    await append('dist-c', PackageInstalled.create({ distribution: 'bookworm-other-unstable', source: 'stranger', version: '9', files, binaries: [] }, metadata(6)));
    const timeTravel = new ArchiveAt({
      store,
      blobs: {} as BlobStore,
      cacheDir: join(dataDir, 'cache', 'at'),
      maxWaiting: 0,
      rebuild: async (out, position) => {
        rebuilds.push(position);
        if (position === 3) await slowRebuild;
        for (const dir of [`test/dists/${unstable}`, 'test/conf', 'test/pool/main/w/world']) mkdirSync(join(out, dir), { recursive: true });
        writeFileSync(join(out, 'test', 'dists', unstable, 'Release'), `as of position ${position}\n`);
        writeFileSync(join(out, 'test', 'conf', 'distributions'), 'SignWith: secret\n');
        if (position >= 3) writeFileSync(join(out, 'test', 'pool', 'main', 'w', 'world', 'world_2.0.dsc'), 'Source: world\n');
      },
    });
    const configuration = { current: () => ({ repositories: new Map([['test', sampleRepository]]), uploaders: [], chroots: new Map() }) };
    web = await startWebApp({
      dataDir,
      timeTravel,
      providers: [
        { provide: EventStore, useValue: store },
        { provide: ArchiveAt, useValue: timeTravel },
        { provide: ConfigurationService, useValue: configuration },
      ],
    });
    const signIn = await fetch(`${web.url}/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: ADMIN_TOKEN_FOR_TESTS, next: '/' }).toString(),
      redirect: 'manual',
    });
    expect(signIn.status).toBe(303);
    cookie = signIn.headers.getSetCookie().map((value) => value.split(';')[0]).join('; ');
    expect(cookie).toMatch(/^mbd_session=/);
  });
  afterAll(async () => {
    releaseSlowRebuild();
    await web.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  describe('anonymous viewers', () => {
    it('browse the head from the live tree: the root holds dists/ and pool/ only', async () => {
      const root = await get(web.port, '/archive/test/6/');
      expect(root.status).toBe(200);
      expect(root.headers['content-type']).toMatch(/^text\/html/);
      expect(root.body).toContain('The archive as it was just after event <a href="/audit/6">6</a>');
      expect(root.body).toContain('<a href="/archive/test/6/dists/">dists/</a>');
      expect(root.body).toContain('<a href="/archive/test/6/pool/">pool/</a>');
      expect(root.body).not.toContain('conf/');
      expect(root.body).not.toContain('db/');
      expect(root.body).toContain('<a href="/archive/test/diff?from=6&amp;to=">What changed since then</a>');
      expect(rebuilds).toEqual([]);
    });

    it('list a directory with links to the delivery, which serves the same file to them', async () => {
      const listing = await get(web.port, '/archive/test/6/pool/main/h/hello/');
      expect(listing.status).toBe(200);
      expect(listing.body).toContain('<a href="/repositories/test/@6/pool/main/h/hello/hello_1.0.dsc">hello_1.0.dsc</a>');
      expect(listing.body).toContain('<td title="14 bytes">14 B</td>');
      expect(listing.body).not.toContain('.hidden');
      const file = await get(web.port, '/repositories/test/@6/pool/main/h/hello/hello_1.0.dsc');
      expect(file).toMatchObject({ status: 200, body: 'Source: hello\n' });
    });

    it('get 401 with the reason for a past position or time, and make mbd rebuild nothing', async () => {
      for (const path of ['/archive/test/2/', `/archive/test/${encodeURIComponent(minute(3, 30))}/dists/`]) {
        const answer = await get(web.port, path);
        expect(answer.status, path).toBe(401);
        expect(answer.body).toContain('only the head of the log (position 6) is public');
        expect(answer.body).toContain(`<a href="/sign-in?next=${encodeURIComponent(path.split('?')[0]!)}`);
      }
      expect(rebuilds).toEqual([]);
    });

    it('are sent on from a path without its slash, and from a file to the delivery', async () => {
      expect(await get(web.port, '/archive/test/6')).toMatchObject({ status: 302, headers: { location: '/archive/test/6/' } });
      expect(await get(web.port, '/archive/test/6/dists')).toMatchObject({ status: 302, headers: { location: '/archive/test/6/dists/' } });
      expect(await get(web.port, `/archive/test/6/dists/${unstable}/InRelease`)).toMatchObject({
        status: 302,
        headers: { location: `/repositories/test/@6/dists/${unstable}/InRelease` },
      });
    });
  });

  describe('signed-in viewers', () => {
    it('browse a past position: the tree rebuilt as of it', async () => {
      const listing = await get(web.port, `/archive/test/2/dists/${unstable}/`, { cookie });
      expect(listing.status).toBe(200);
      expect(listing.body).toContain('The archive as it was just after event <a href="/audit/2">2</a>');
      expect(listing.body).toContain(`<time datetime="${minute(2)}"`);
      expect(listing.body).toContain('PackageInstalled');
      expect(listing.body).toContain('the log is at 6 now');
      expect(listing.body).toContain(`<a href="/repositories/test/@2/dists/${unstable}/Release">Release</a>`);
      expect(listing.body).not.toContain('InRelease');
      expect(rebuilds).toEqual([2]);
      const file = await get(web.port, `/repositories/test/@2/dists/${unstable}/Release`, { cookie });
      expect(file).toMatchObject({ status: 200, body: 'as of position 2\n' });
    });

    it('browse a past time: the last event by then', async () => {
      const at = encodeURIComponent(minute(2, 30));
      const root = await get(web.port, `/archive/test/${at}/`, { cookie });
      expect(root.status).toBe(200);
      expect(root.body).toContain('just after event <a href="/audit/2">2</a>');
      expect(root.body).toContain(`<a href="/archive/test/${at}/dists/">dists/</a>`);
    });

    it('get 404 for a position the log does not hold, 400 for a malformed or future moment', async () => {
      const missing = await get(web.port, '/archive/test/99/', { cookie });
      expect(missing.status).toBe(404);
      expect(missing.body).toContain('there is no position 99: the log holds positions 1 to 6');
      expect((await get(web.port, '/archive/test/yesterday/', { cookie })).status).toBe(400);
      expect((await get(web.port, `/archive/test/${encodeURIComponent('2999-01-01T00:00:00Z')}/`, { cookie })).status).toBe(400);
    });

    it('get 503 with Retry-After while the rebuild queue is full', async () => {
      const slow = get(web.port, '/archive/test/3/pool/main/w/world/', { cookie });
      await expect.poll(() => rebuilds.includes(3)).toBe(true);
      const busy = await get(web.port, '/archive/test/4/', { cookie });
      expect(busy.status).toBe(503);
      expect(busy.headers['retry-after']).toBe('5');
      expect(busy.body).toContain('rebuilds of past archives are running or waiting');
      releaseSlowRebuild();
      const listing = await slow;
      expect(listing.status).toBe(200);
      expect(listing.body).toContain('<a href="/repositories/test/@3/pool/main/w/world/world_2.0.dsc">world_2.0.dsc</a>');
    });
  });

  describe('paths', () => {
    it('refuses "." and "..", also encoded, and double encoding with a 400, and shows nothing of conf/', async () => {
      for (const path of [
        '/archive/test/6/dists/../conf/',
        '/archive/test/6/dists/%2e%2e/conf/',
        '/archive/test/6/pool/%2E%2E%2F%2E%2E%2Fconf/',
        '/archive/test/6/dists/%252e%252e/conf/',
        '/archive/test/6/pool/main/..%5C..%5Cconf/',
      ]) {
        for (const headers of [{}, { cookie }] as Record<string, string>[]) {
          const answer = await get(web.port, path, headers);
          expect(answer.status, path).toBe(400);
          expect(answer.body).toMatch(/segments are refused|double-encoded paths are refused|control characters or backslashes/);
          expect(answer.body).not.toContain('SignWith');
        }
      }
    });

    it('shows nothing but dists/ and pool/ (404), not even through a symbolic link out of pool/', async () => {
      for (const path of ['/archive/test/6/conf/', '/archive/test/6/db/', '/archive/test/6/pool/main/escape/', '/archive/test/6/pool/main/escape/distributions']) {
        const answer = await get(web.port, path);
        expect(answer.status, path).toBe(404);
        expect(answer.body).not.toContain('SignWith');
        expect(answer.body).not.toContain('>distributions<');
      }
      const past = await get(web.port, '/archive/test/2/conf/', { cookie });
      expect(past.status).toBe(404);
      expect(past.body).not.toContain('SignWith');
    });
  });

  describe('the picker', () => {
    it('sends the browser to /archive/<id>/<at>/: a position, a datetime-local time taken as UTC, or the head', async () => {
      expect(await get(web.port, '/archive/test?time=&position=2')).toMatchObject({ status: 303, headers: { location: '/archive/test/2/' } });
      expect(await get(web.port, '/archive/test?time=2026-11-01T12%3A02&position=')).toMatchObject({
        status: 303,
        headers: { location: `/archive/test/${encodeURIComponent('2026-11-01T12:02Z')}/` },
      });
      expect(await get(web.port, '/archive/test?time=&position=')).toMatchObject({ status: 303, headers: { location: '/archive/test/6/' } });
      expect((await get(web.port, '/archive/test?position=two')).status).toBe(400);
      expect((await get(web.port, '/archive/nope?position=2')).status).toBe(404);
    });
  });

  describe('the diff', () => {
    it('lists what entered and left each distribution of the repository since a position, with the causing events', async () => {
      // a diff replays the log: anonymous viewers may not name a past moment
      const anonymous = await get(web.port, '/archive/test/diff?from=3&to=');
      expect(anonymous.status).toBe(401);
      const answer = await get(web.port, '/archive/test/diff?from=3&to=', { cookie });
      expect(answer.status).toBe(200);
      const html = answer.body;
      expect(html).toContain(`<table class="dense" id="diff-${unstable}">`);
      expect(html).toMatch(/<a href="\/packages\/world">world<\/a><\/td><td>left<\/td><td>2\.0<\/td><td>–<\/td>/);
      expect(html).toContain('<a href="/audit/5">#5 PackageRemoved</a>');
      expect(html).toContain(`<table class="dense" id="diff-${testing}">`);
      expect(html).toMatch(/<a href="\/packages\/hello">hello<\/a><\/td><td>entered<\/td><td>–<\/td><td>1\.0<\/td>/);
      expect(html).toContain('<a href="/audit/4">#4 PackageMigrated</a>');
      expect(html).not.toContain('stranger');
      expect(html).toContain(', now');
    });

    it('takes times and a bound in the past, and says what was there between them', async () => {
      const answer = await get(web.port, `/archive/test/diff?from=${encodeURIComponent(minute(1, 30))}&to=3`, { cookie });
      expect(answer.status).toBe(200);
      expect(answer.body).toContain('From event <a href="/audit/1">1</a>');
      expect(answer.body).toMatch(/<a href="\/packages\/world">world<\/a><\/td><td>entered<\/td>/);
      expect(answer.body).toContain('<a href="/uploads/upload-2">upload-2</a>');
      expect(answer.body).not.toContain(`id="diff-${testing}"`);
    });

    it('shows the form alone without a from, and refuses unknown moments and repositories', async () => {
      const form = await get(web.port, '/archive/test/diff');
      expect(form.status).toBe(200);
      expect(form.body).toContain('id="archive-diff-form"');
      expect(form.body).not.toContain('id="archive-diff"');
      const missing = await get(web.port, '/archive/test/diff?from=99');
      expect(missing.status).toBe(404);
      expect(missing.body).toContain('there is no position 99');
      expect((await get(web.port, '/archive/test/diff?from=soon')).status).toBe(400);
      expect((await get(web.port, '/archive/nope/diff?from=1')).status).toBe(404);
    });
  });
});
