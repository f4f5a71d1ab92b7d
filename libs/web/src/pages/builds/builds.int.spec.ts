import { BuildFailed, BuildRequested, BuildStarted, UploadAccepted, UploadReceived, uploadStream, type Event, type EventMetadata } from '@mbd/events';
import { ProjectionsService, type BuildQueueFilter, type BuildQueueItem } from '@mbd/projections';
import { BlobStore } from '@mbd/repository';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Subject } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN_FOR_TESTS, startWebApp, type WebApp } from '../../testing/web-app.fixture.js';

const hostile = '<script>alert(1)</script>';
const LOG_SHA = 'a'.repeat(64);
const storedLog = [
  'sbuild (Debian sbuild) 0.85.0',
  '+------------------------------------------------------------------------------+',
  '| Build                                                                        |',
  '+------------------------------------------------------------------------------+',
  `make: *** ${hostile}`,
  '</pre><p id="injected">"><img src=x onerror=alert(1)>',
  '',
].join('\n');

const meta = (minute: number, uploadId: string): EventMetadata => ({
  actor: { kind: 'daemon' },
  correlationId: uploadId,
  occurredAt: new Date(Date.UTC(2026, 10, 30, 10, minute)).toISOString(),
});
const file = (name: string) => ({ name, sha256: 'b'.repeat(64), size: 10 });

/** An upload of `source` accepted for bookworm-test-unstable, with its amd64 build requested (attempt 1). */
const upload = (uploadId: string, source: string): Event[] => [
  UploadReceived.create(
    {
      uploadId,
      changes: file(`${source}_1-1_source.changes`),
      files: [file(`${source}_1-1.dsc`)],
      source,
      version: '1-1',
      distribution: 'unstable',
      architectures: ['source'],
      changedBy: 'Jane <jane@example.org>',
      signedBy: null,
      via: 'ftp',
    },
    meta(0, uploadId),
  ),
  UploadAccepted.create(
    { uploadId, source, version: '1-1', distribution: 'bookworm-test-unstable', codename: 'bookworm', repository: 'test', suite: 'unstable', buildArchitectures: ['amd64'], archAllOn: 'amd64' },
    meta(1, uploadId),
  ),
  BuildRequested.create(
    { uploadId, buildId: `${uploadId}-amd64-1`, source, version: '1-1', distribution: 'bookworm-test-unstable', architecture: 'amd64', archAll: true, optional: false, attempt: 1 },
    meta(2, uploadId),
  ),
];

const item = (uploadId: string, source: string, overrides: Partial<BuildQueueItem>): BuildQueueItem => ({
  buildId: `${uploadId}-amd64-1`,
  uploadId,
  uploader: 'Jane <jane@example.org>',
  source,
  version: '1-1',
  distribution: 'bookworm-test-unstable',
  architecture: 'amd64',
  archAll: true,
  optional: false,
  attempt: 1,
  state: 'needs-build',
  reason: null,
  builder: null,
  requestedPosition: 3,
  requestedAt: '2026-11-30T10:02:00.000Z',
  startedAt: null,
  finishedAt: null,
  queuePosition: null,
  ...overrides,
});

describe('the build pages through the HTTP stack', () => {
  let dataDir: string;
  let web: WebApp;
  const queries: BuildQueueFilter[] = [];
  const queue: BuildQueueItem[] = [
    item('run', 'running', { state: 'building', builder: 'local', startedAt: '2026-11-30T10:03:00.000Z' }),
    item('wait', 'waiting', { queuePosition: 1 }),
    item('fail', 'failing', { state: 'failed', builder: 'local', reason: `sbuild: attempted at stage build: ${hostile}`, startedAt: '2026-11-30T10:03:00.000Z', finishedAt: '2026-11-30T10:05:00.000Z' }),
  ];

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'mbd-build-pages-'));
    const projections = {
      listBuildQueue: async (filter: BuildQueueFilter = {}) => {
        queries.push(filter);
        return queue.filter((build) => (filter.source === undefined || build.source === filter.source) && (filter.architecture === undefined || build.architecture === filter.architecture));
      },
      waitForPosition: async () => undefined,
    };
    const blobs = {
      read: async (sha256: string) => {
        if (sha256 !== LOG_SHA) throw new Error(`no blob ${sha256}`);
        return Buffer.from(storedLog);
      },
    };
    web = await startWebApp({
      dataDir,
      timeTravel: { resolve: async () => 1, treeAt: async () => dataDir },
      providers: [
        { provide: ProjectionsService, useValue: projections },
        { provide: BlobStore, useValue: blobs },
      ],
    });
    const started = (uploadId: string, minute: number) =>
      BuildStarted.create({ buildId: `${uploadId}-amd64-1`, architecture: 'amd64', builder: 'local', chroot: 'mbd-bookworm-amd64' }, meta(minute, uploadId));
    await web.store.append(uploadStream('run'), [...upload('run', 'running'), started('run', 3)], 'no-stream');
    await web.store.append(uploadStream('wait'), upload('wait', 'waiting'), 'no-stream');
    const failed = BuildFailed.create(
      { buildId: 'fail-amd64-1', architecture: 'amd64', reason: `sbuild: attempted at stage build: ${hostile}`, status: 'attempted', log: { name: 'failing_1-1_amd64.build', sha256: LOG_SHA, size: storedLog.length } },
      meta(5, 'fail'),
    );
    await web.store.append(uploadStream('fail'), [...upload('fail', 'failing'), started('fail', 3), failed], 'no-stream');
    web.buildLogs.set('run-amd64-1', new Subject<string>());
  });

  afterAll(async () => {
    await web?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const signIn = async (): Promise<string> => {
    const response = await fetch(`${web.url}/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: ADMIN_TOKEN_FOR_TESTS, next: '/builds' }),
      redirect: 'manual',
    });
    expect(response.status).toBe(303);
    const cookie = response.headers.get('set-cookie')?.split(';')[0];
    expect(cookie).toMatch(/^mbd_session=/);
    return cookie!;
  };
  const csrfOf = (html: string): string => /name="_csrf" value="([^"]+)"/.exec(html)![1]!;
  const post = (path: string, body: Record<string, string>, cookie?: string) =>
    fetch(`${web.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html', ...(cookie ? { cookie } : {}) },
      body: new URLSearchParams(body),
      redirect: 'manual',
    });
  const eventsOf = async (uploadId: string) => web.store.readStream(uploadStream(uploadId));

  it('lists the queue and the history, filtered by state in the page and by source in the read model', async () => {
    const all = await fetch(`${web.url}/builds`);
    expect(all.status).toBe(200);
    expect(all.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await all.text();
    expect([...html.matchAll(/<tr data-build="([^"]+)"/g)].map((match) => match[1])).toEqual(['run-amd64-1', 'wait-amd64-1', 'fail-amd64-1']);
    expect(html).not.toContain(hostile);

    const failed = await (await fetch(`${web.url}/builds?state=failed&source=&distribution=&architecture=`)).text();
    expect([...failed.matchAll(/<tr data-build="([^"]+)"/g)].map((match) => match[1])).toEqual(['fail-amd64-1']);
    await fetch(`${web.url}/builds?source=waiting`);
    expect(queries.at(-1)).toEqual({ source: 'waiting', finishedLimit: 50 });
    expect((await fetch(`${web.url}/builds?state=exploded`)).status).toBe(400);
  });

  it("shows a running build's live log element, and its SSE URL streams the log line by line", async () => {
    const page = await fetch(`${web.url}/builds/run-amd64-1`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('data-live-log="/api/builds/run-amd64-1/log/stream" data-live-status="build-log-status"');
    expect(html).toContain('<p id="build-log-status"');

    const log = web.buildLogs.get('run-amd64-1')!;
    const stream = await fetch(`${web.url}/api/builds/run-amd64-1/log/stream`, { headers: { accept: 'text/event-stream' } });
    expect(stream.status).toBe(200);
    const reader = stream.body!.getReader();
    for (let wait = 0; !log.observed && wait < 100; wait += 1) await new Promise((resolve) => setTimeout(resolve, 20));
    log.next('I: starting the build');
    log.next(`make: *** ${hostile}`);
    let text = '';
    while (!text.includes(`data: make: *** ${hostile}`)) {
      const { value, done } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
    }
    expect(text).toContain('data: I: starting the build\n');
    expect(text).toContain(`data: make: *** ${hostile}\n`);
    await reader.cancel();
  });

  it('shows a finished build with its stored log as text, the reason escaped, and a link to the whole log', async () => {
    const response = await fetch(`${web.url}/builds/fail-amd64-1`);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).not.toContain('data-live-log');
    expect(html).toContain('<pre id="build-log" class="log">');
    expect(html).toContain('make: *** &lt;script>alert(1)&lt;/script>');
    expect(html).toContain('&lt;/pre>&lt;p id=&quot;injected&quot;>');
    expect(html).not.toContain(hostile);
    expect(html).not.toContain('<p id="injected">');
    expect(html).toContain('href="/api/builds/fail-amd64-1/log"');
    expect(html).toContain('<table id="phases"');
    expect(html).toContain('mbd-bookworm-amd64');
    expect(html).toContain('(sbuild: attempted)');
  });

  it('answers an unknown build with a 404 page', async () => {
    const response = await fetch(`${web.url}/builds/nothing-amd64-1`, { headers: { accept: 'text/html' } });
    expect(response.status).toBe(404);
    expect(await response.text()).toContain('no build nothing-amd64-1');
  });

  it('refuses Retry and Cancel without a session or with a wrong CSRF token, and appends nothing', async () => {
    const before = await web.store.headPosition();
    const anonymous = await post('/builds/fail-amd64-1/retry', { _csrf: 'whatever' });
    expect(anonymous.status).toBe(403);
    expect(await anonymous.text()).toContain('sign in first');
    const cookie = await signIn();
    expect((await post('/builds/wait-amd64-1/cancel', { _csrf: 'not-the-token' }, cookie)).status).toBe(403);
    expect((await post('/builds/fail-amd64-1/retry', {}, cookie)).status).toBe(403);
    expect(await web.store.headPosition()).toBe(before);
  });

  it('offers the forms only to a signed-in viewer, and a retry appends the new request by the viewer and shows it', async () => {
    expect(await (await fetch(`${web.url}/builds/fail-amd64-1`)).text()).not.toContain('/retry"');
    const cookie = await signIn();
    const page = await (await fetch(`${web.url}/builds/fail-amd64-1`, { headers: { cookie } })).text();
    expect(page).toContain('action="/builds/fail-amd64-1/retry"');
    const response = await post('/builds/fail-amd64-1/retry', { _csrf: csrfOf(page) }, cookie);
    expect(response.status).toBe(303);
    const requested = (await eventsOf('fail')).at(-1)!;
    expect(requested).toMatchObject({ type: 'BuildRequested', data: { buildId: 'fail-amd64-2', attempt: 2 }, metadata: { actor: { kind: 'user', name: 'admin' } } });
    expect(response.headers.get('location')).toBe(`/builds/fail-amd64-1?done=${requested.position}`);
    const result = await (await fetch(`${web.url}${response.headers.get('location')}`, { headers: { cookie } })).text();
    expect(result).toContain(`<a href="/audit/${requested.position}">BuildRequested #${requested.position}</a>`);
    expect(result).toContain('<a href="/builds/fail-amd64-2">fail-amd64-2</a>');
  });

  it('cancels a waiting build as the viewer, and answers a refused cancel with the reason', async () => {
    const cookie = await signIn();
    const page = await (await fetch(`${web.url}/builds/wait-amd64-1`, { headers: { cookie } })).text();
    const csrf = csrfOf(page);
    const response = await post('/builds/wait-amd64-1/cancel', { _csrf: csrf }, cookie);
    expect(response.status).toBe(303);
    const cancelled = (await eventsOf('wait')).at(-1)!;
    expect(cancelled).toMatchObject({ type: 'BuildCancelled', data: { buildId: 'wait-amd64-1', reason: 'cancelled by admin' }, metadata: { actor: { kind: 'user', name: 'admin' } } });
    expect(response.headers.get('location')).toBe(`/builds/wait-amd64-1?done=${cancelled.position}`);

    queue[1] = { ...queue[1]!, state: 'cancelled', reason: 'cancelled by admin', queuePosition: null, finishedAt: cancelled.metadata.occurredAt };
    const before = await web.store.headPosition();
    const refused = await post('/builds/wait-amd64-1/cancel', { _csrf: csrf }, cookie);
    expect(refused.status).toBe(303);
    expect(refused.headers.get('location')).toBe('/builds/wait-amd64-1?refused=cancel');
    expect(await web.store.headPosition()).toBe(before);
    const shown = await (await fetch(`${web.url}/builds/wait-amd64-1?refused=cancel`)).text();
    expect(shown).toContain('Cancel was refused: only a waiting or running build can be cancelled, and this one is cancelled.');
  });
});
