import {
  BuildRequested,
  BuildStarted,
  EventStore,
  InMemoryEventStore,
  UploadAccepted,
  UploadReceived,
  UploadRejected,
  uploadStream,
  type Event,
  type EventMetadata,
  type RecordedEvent,
} from '@mbd/events';
import { ProjectionsService, type AuditLogFilter, type AuditLogItem, type AuditLogPage } from '@mbd/projections';
import { mkdtempSync, rmSync } from 'node:fs';
import { get, type IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { toAuditEntry } from '../../events/audit-entry.js';
import { ADMIN_TOKEN_FOR_TESTS, startWebApp, type WebApp } from '../../testing/web-app.fixture.js';

const SCRIPT = '<script>alert(1)</script>';
const IMG = '"><img src=x onerror=alert(1)>';
const noTimeTravel = { resolve: () => Promise.reject(new Error('unused')), treeAt: () => Promise.reject(new Error('unused')) };

const meta = (minute: number, correlationId: string, causationId?: string): EventMetadata => ({
  actor: minute % 2 === 0 ? { kind: 'key', fingerprint: '0123456789ABCDEF0123456789ABCDEF01234567' } : { kind: 'daemon' },
  correlationId,
  ...(causationId !== undefined ? { causationId } : {}),
  occurredAt: new Date(Date.UTC(2026, 10, 30, 10, minute)).toISOString(),
});
const file = (name: string) => ({ name, sha256: 'b'.repeat(64), size: 10 });

const received = (uploadId: string, source: string, minute: number, changedBy = 'Jane <jane@example.org>'): Event =>
  UploadReceived.create(
    { uploadId, changes: file(`${source}_1-1_source.changes`), files: [], source, version: '1-1', distribution: 'unstable', architectures: ['source'], changedBy, signedBy: null, via: 'ftp' },
    meta(minute, uploadId),
  );

/** Upload k (1…20) is three events: received, accepted (each fifth one rejected), its amd64 build requested; 60 in all. */
async function appendUploads(store: EventStore, count: number): Promise<void> {
  for (let k = 1; k <= count; k++) {
    const uploadId = `u${k}`;
    const source = k % 2 === 1 ? 'hello' : 'world';
    const minute = 3 * (k - 1);
    const first = await store.append(uploadStream(uploadId), [received(uploadId, source, minute, k === 1 ? `Mallory ${SCRIPT}` : undefined)], 'no-stream');
    const second = await store.append(
      uploadStream(uploadId),
      [
        k % 5 === 0
          ? UploadRejected.create({ uploadId, source, version: '1-1', distribution: 'unstable', reasons: [`changelog ${IMG}`] }, meta(minute + 1, uploadId, first.events[0]!.id))
          : UploadAccepted.create(
              { uploadId, source, version: '1-1', distribution: 'bookworm-test-unstable', codename: 'bookworm', repository: 'test', suite: 'unstable', buildArchitectures: ['amd64'], archAllOn: 'amd64' },
              meta(minute + 1, uploadId, first.events[0]!.id),
            ),
      ],
      0,
    );
    await store.append(
      uploadStream(uploadId),
      [
        BuildRequested.create(
          { uploadId, buildId: `${uploadId}-amd64-1`, source, version: '1-1', distribution: 'bookworm-test-unstable', architecture: 'amd64', archAll: true, optional: false, attempt: 1 },
          meta(minute + 2, uploadId, second.events[0]!.id),
        ),
      ],
      1,
    );
  }
}

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/**
 * The audit log's read model over the store, as the projection files it (the source, distribution and
 * repository an event names; an upload's later events inherit its), with the keyset semantics of
 * listAuditLog; every call is kept for assertions.
 */
function auditLogOver(store: EventStore) {
  const calls: AuditLogFilter[] = [];
  const rows = async (): Promise<AuditLogItem[]> => {
    const subjects = new Map<string, Pick<AuditLogItem, 'source' | 'distribution' | 'repository'>>();
    return (await store.readAll()).map((event: RecordedEvent) => {
      const data = event.data as Record<string, unknown>;
      const earlier = subjects.get(event.streamId) ?? {};
      const source = text(data['source']) ?? earlier.source;
      const distribution = text(data['distribution'])?.includes('-') ? text(data['distribution']) : earlier.distribution;
      const repository = text(data['repository']) ?? earlier.repository;
      const subject = { ...(source ? { source } : {}), ...(distribution ? { distribution } : {}), ...(repository ? { repository } : {}) };
      subjects.set(event.streamId, subject);
      return { ...toAuditEntry(event), ...subject };
    });
  };
  const service = {
    listBuildQueue: async () => [],
    async listAuditLog(filter: AuditLogFilter = {}): Promise<AuditLogPage> {
      calls.push(filter);
      const limit = filter.limit ?? 100;
      const matching = (await rows()).filter(
        (row) =>
          (filter.type === undefined || row.type === filter.type) &&
          (filter.source === undefined || row.source === filter.source) &&
          (filter.actor === undefined || row.actor === filter.actor) &&
          (filter.correlationId === undefined || row.correlationId === filter.correlationId) &&
          (filter.distribution === undefined || row.distribution === filter.distribution) &&
          (filter.repository === undefined || row.repository === filter.repository) &&
          (filter.since === undefined || row.occurredAt >= filter.since.toISOString()) &&
          (filter.until === undefined || row.occurredAt <= filter.until.toISOString()) &&
          row.position > (filter.afterPosition ?? 0) &&
          (filter.beforePosition === undefined || row.position < filter.beforePosition),
      );
      if (filter.order === 'desc') matching.reverse();
      const items = matching.slice(0, limit);
      const next = matching.length > limit ? items.at(-1)!.position : null;
      return filter.order === 'desc' ? { items, nextAfter: null, nextBefore: next } : { items, nextAfter: next };
    },
    async getAuditLogEntry(position: number): Promise<AuditLogItem | undefined> {
      return (await rows()).find((row) => row.position === position);
    },
  };
  return { service, calls };
}

const positions = (html: string): number[] => [...html.matchAll(/<tr data-position="(\d+)"/g)].map((match) => Number(match[1]));
const link = (html: string, label: string): string | undefined =>
  [...html.matchAll(/<a href="([^"]*)"(?: [a-z-]+="[^"]*")*>([^<]*)<\/a>/g)].find((match) => match[2] === label)?.[1]?.replaceAll('&amp;', '&');

/** An open SSE stream of the pages: what it received so far, and a way to wait for more. */
async function openStream(url: string) {
  const response = await new Promise<IncomingMessage>((resolve, reject) => get(url, { headers: { accept: 'text/event-stream' } }, resolve).once('error', reject));
  let received = '';
  response.on('data', (chunk: Buffer) => (received += chunk.toString()));
  return {
    response,
    received: () => received,
    async until(pattern: RegExp, ms = 5_000): Promise<string> {
      const deadline = Date.now() + ms;
      while (!pattern.test(received)) {
        if (Date.now() > deadline) throw new Error(`no ${pattern} in the stream; received: ${received}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      return received;
    },
    close: () => response.destroy(),
  };
}

async function signIn(web: WebApp): Promise<{ cookie: string; csrf: string }> {
  const response = await fetch(`${web.url}/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token: ADMIN_TOKEN_FOR_TESTS, next: '/audit' }),
    redirect: 'manual',
  });
  expect(response.status).toBe(303);
  const cookie = /mbd_session=[^;]+/.exec(response.headers.get('set-cookie') ?? '')![0];
  const page = await (await fetch(`${web.url}/audit`, { headers: { cookie } })).text();
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page)![1]!;
  return { cookie, csrf };
}

const postVerify = (web: WebApp, fields: Record<string, string>, cookie?: string) =>
  fetch(`${web.url}/audit/verify`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...(cookie ? { cookie } : {}) },
    body: new URLSearchParams(fields),
    redirect: 'manual',
  });

describe('the audit log pages through the HTTP stack', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'mbd-web-audit-'));
  const store = new InMemoryEventStore();
  const auditLog = auditLogOver(store);
  let web: WebApp;
  const streams: { close(): void }[] = [];

  beforeAll(async () => {
    await appendUploads(store, 20);
    web = await startWebApp({
      dataDir,
      timeTravel: noTimeTravel,
      providers: [
        { provide: EventStore, useValue: store },
        { provide: ProjectionsService, useValue: auditLog.service },
      ],
    });
  });
  afterEach(() => {
    for (const stream of streams.splice(0)) stream.close();
  });
  afterAll(async () => {
    await web.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const page = async (path: string) => {
    const response = await fetch(`${web.url}${path}`, { headers: { accept: 'text/html' } });
    return { status: response.status, type: response.headers.get('content-type'), html: await response.text() };
  };

  it('shows the newest 50 events first, an older page by keyset, and the live tail on the first page', async () => {
    const first = await page('/audit');
    expect(first.status).toBe(200);
    expect(first.type).toMatch(/^text\/html/);
    expect(first.html).toContain('<table id="events"');
    expect(positions(first.html)).toEqual(Array.from({ length: 50 }, (_, i) => 60 - i));
    expect(link(first.html, 'Older →')).toBe('/audit?before=11');
    expect(link(first.html, '← Newer')).toBeUndefined();
    expect(first.html).toContain('sse-connect="/audit/stream?after=60"');
    expect(first.html).toContain('hash chain verified up to <a href="/audit/60">60</a>');
    expect(auditLog.calls.at(-1)).toEqual({ order: 'desc', limit: 50 });

    const older = await page('/audit?before=11');
    expect(positions(older.html)).toEqual([10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
    expect(link(older.html, 'Older →')).toBeUndefined();
    expect(link(older.html, '← Newer')).toBe('/audit?after=10');
    expect(older.html).not.toContain('sse-connect');
    expect(auditLog.calls.at(-1)).toEqual({ order: 'desc', beforePosition: 11, limit: 50 });

    const newer = await page('/audit?after=5');
    expect(positions(newer.html)).toEqual(Array.from({ length: 50 }, (_, i) => 55 - i));
    expect(link(newer.html, '← Newer')).toBe('/audit?after=55');
    expect(link(newer.html, 'Older →')).toBe('/audit?before=6');
    expect(auditLog.calls.at(-1)).toEqual({ order: 'asc', afterPosition: 5, limit: 50 });
  });

  it('tells each event in words with its links, and escapes what the upload wrote', async () => {
    const { html } = await page('/audit?before=16');
    expect(html).toContain('hello 1-1 → bookworm-test-unstable; builds on amd64');
    expect(html).toContain('hello 1-1 for unstable rejected: changelog &quot;>&lt;img src=x onerror=alert(1)>');
    expect(html).toContain('received via ftp from Mallory &lt;script>alert(1)&lt;/script>');
    expect(html).not.toContain(SCRIPT);
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('href="/packages/hello"');
    expect(html).toContain('href="/uploads/u1"');
    expect(html).toContain('href="/builds/u1-amd64-1"');
    expect(html).toContain('href="/audit?correlation=u1"');
  });

  it('passes the filters to the read model and keeps them in the paging links and the live tail', async () => {
    const filtered = await page('/audit?type=UploadReceived&source=hello&actor=0123456789abcdef0123456789abcdef01234567&since=2026-11-30T10:00&until=2026-11-30T13:00&distribution=&repository=&correlation=');
    expect(filtered.status).toBe(200);
    expect(auditLog.calls.at(-1)).toEqual({
      type: 'UploadReceived',
      source: 'hello',
      actor: 'key:0123456789ABCDEF0123456789ABCDEF01234567',
      since: new Date('2026-11-30T10:00:00Z'),
      until: new Date('2026-11-30T13:00:00Z'),
      order: 'desc',
      limit: 50,
    });
    expect(positions(filtered.html)).toEqual([55, 49, 43, 37, 31, 25, 19, 13, 7, 1]);
    expect(filtered.html).toContain(
      'sse-connect="/audit/stream?type=UploadReceived&amp;source=hello&amp;actor=key%3A0123456789ABCDEF0123456789ABCDEF01234567&amp;since=2026-11-30T10%3A00&amp;until=2026-11-30T13%3A00&amp;after=60"',
    );

    const byPackage = await page('/audit?source=world&repository=test&before=40');
    expect(auditLog.calls.at(-1)).toEqual({ source: 'world', repository: 'test', order: 'desc', beforePosition: 40, limit: 50 });
    expect(positions(byPackage.html)).toEqual([36, 35, 24, 23, 18, 17, 12, 11, 6, 5]);
    expect(link(byPackage.html, '← Newer')).toBe('/audit?source=world&repository=test&after=36');

    const story = await page('/audit?correlation=u7');
    expect(positions(story.html)).toEqual([21, 20, 19]);
  });

  it('answers 400 for a filter it cannot read', async () => {
    expect((await page('/audit?since=yesterday')).status).toBe(400);
    expect((await page('/audit?before=3&after=1')).status).toBe(400);
  });

  it('shows one event with its hashes, its story, its neighbours and the archive just after it', async () => {
    const [previous, event] = await store.readAll({ after: 4, limit: 2 });
    const { status, html } = await page('/audit/6');
    expect(status).toBe(200);
    expect(html).toContain(`<code class="hash" id="event-hash">${event!.hash}</code>`);
    expect(html).toContain(`<code class="hash" id="event-prev-hash">${previous!.hash}</code>`);
    expect(html).toContain('the hash of event 5.');
    expect(html).toMatch(/<dt>Stream version<\/dt><dd>2<\/dd>/);
    expect(html).toContain('<a href="/audit/5">event 5');
    expect(html).toContain('<a href="/audit/5">← Event 5</a>');
    expect(html).toContain('<a href="/audit/7" rel="next">Event 7 →</a>');
    expect(html).toContain('<a href="/archive/test/6/">test</a>');
    expect(html).toContain('href="/audit?correlation=u2" id="event-correlation"');
    expect(html).toContain('&quot;buildId&quot;: &quot;u2-amd64-1&quot;');

    const hostile = await page('/audit/1');
    expect(hostile.html).toContain('<a href="/audit/2" rel="next">');
    expect(hostile.html).toContain("'' (the first event)");
    expect(hostile.html).not.toContain(SCRIPT);
  });

  it('answers 404 for a position the log does not have', async () => {
    const missing = await page('/audit/999');
    expect(missing.status).toBe(404);
    expect(missing.html).toContain('no event at position 999');
    expect((await page('/audit/0')).status).toBe(404);
    expect((await page('/audit/abc')).status).toBe(404);
  });

  it('sends each new event on the live tail as a rendered, escaped row', async () => {
    const stream = await openStream(`${web.url}/audit/stream?after=60`);
    streams.push(stream);
    expect(stream.response.statusCode).toBe(200);
    expect(stream.response.headers['content-type']).toMatch(/^text\/event-stream/);
    await store.append(
      uploadStream('u21'),
      [UploadRejected.create({ uploadId: 'u21', source: 'hello', version: '2-1', distribution: 'unstable', reasons: [`maintainer ${IMG} ${SCRIPT}`] }, meta(59, 'u21'))],
      'any',
    );
    const received = await stream.until(/data-position="61"/);
    expect(received).toMatch(/event: message\nid: 61\ndata: <tr data-position="61">/);
    expect(received).toContain('hello 2-1 for unstable rejected: maintainer &quot;>&lt;img src=x onerror=alert(1)> &lt;script>alert(1)&lt;/script>');
    expect(received).not.toContain(SCRIPT);
    expect(received).not.toContain('<img src=x');
  });

  it('sends on the live tail only the events its filters match', async () => {
    const head = await store.headPosition();
    const builds = await openStream(`${web.url}/audit/stream?type=BuildRequested&after=${head}`);
    const world = await openStream(`${web.url}/audit/stream?source=world&after=${head}`);
    streams.push(builds, world);
    await store.append(uploadStream('u22'), [received('u22', 'hello', 58)], 'no-stream');
    await store.append(
      uploadStream('u22'),
      [BuildRequested.create({ uploadId: 'u22', buildId: 'u22-amd64-1', source: 'hello', version: '1-1', distribution: 'bookworm-test-unstable', architecture: 'amd64', archAll: true, optional: false, attempt: 1 }, meta(58, 'u22'))],
      0,
    );
    // the build of world's upload u2 starts: the event names no package, the audit log files it under world
    await store.append(uploadStream('u2'), [BuildStarted.create({ buildId: 'u2-amd64-1', architecture: 'amd64', builder: 'local', chroot: 'mbd-bookworm-amd64' }, meta(59, 'u2'))], 'any');
    await builds.until(new RegExp(`data-position="${head + 2}"`));
    expect(positions(builds.received())).toEqual([head + 2]);
    await world.until(new RegExp(`data-position="${head + 3}"`));
    expect(positions(world.received())).toEqual([head + 3]);
    expect(world.received()).toContain('amd64 build started on local in mbd-bookworm-amd64');
  });
});

describe('the hash-chain badge through the HTTP stack', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'mbd-web-audit-chain-'));
  let web: WebApp | undefined;

  const start = async (store: InMemoryEventStore) => {
    web = await startWebApp({
      dataDir,
      timeTravel: noTimeTravel,
      providers: [
        { provide: EventStore, useValue: store },
        { provide: ProjectionsService, useValue: auditLogOver(store).service },
      ],
    });
    return web;
  };
  let views = 0;
  /** The badge of a fresh view of /audit (a URL of its own each time: anonymous pages are served for a second as rendered, see PageCache). */
  const badge = async (app: WebApp, cookie?: string) => {
    views += 1;
    const html = await (await fetch(`${app.url}/audit?view=${views}`, { headers: cookie ? { cookie } : {} })).text();
    return /<p id="chain-badge"[\s\S]*?<\/p>/.exec(html)![0];
  };

  afterEach(async () => {
    await web?.close();
    web = undefined;
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('shows the first broken position of a log with a hand-tampered event', async () => {
    const store = new InMemoryEventStore();
    await appendUploads(store, 2);
    store.tamper(3, { uploadId: 'u1', buildId: 'u1-amd64-1', source: 'evil', tampered: 1 });
    const app = await start(store);
    const shown = await badge(app);
    expect(shown).toContain('data-chain="broken"');
    expect(shown).toContain('hash chain BROKEN at <a href="/audit/3">3</a>');
    expect(shown).toContain('was changed');
  });

  it('verifies only new events on later views, and starts over when a signed-in viewer asks', async () => {
    const store = new InMemoryEventStore();
    await appendUploads(store, 2);
    const app = await start(store);
    expect(await badge(app)).toContain('verified up to <a href="/audit/6">6</a>');
    // a tampered event already verified goes unnoticed by the incremental check: it verifies what is new
    store.tamper(2, { tampered: 1 });
    await store.append(uploadStream('u9'), [received('u9', 'hello', 30)], 'no-stream');
    expect(await badge(app)).toContain('verified up to <a href="/audit/7">7</a>');

    expect((await postVerify(app, {})).status).toBe(403);
    const { cookie, csrf } = await signIn(app);
    expect((await postVerify(app, { _csrf: 'wrong' }, cookie)).status).toBe(403);
    expect(await badge(app)).toContain('verified up to <a href="/audit/7">7</a>');

    const restarted = await postVerify(app, { _csrf: csrf }, cookie);
    expect(restarted.status).toBe(303);
    expect(restarted.headers.get('location')).toBe('/audit');
    expect(await badge(app, cookie)).toContain('hash chain BROKEN at <a href="/audit/2">2</a>');
  });
});
