import { uploadStream, type Actor, type Event } from '@mbd/events';
import { ProjectionsService, type AuditLogFilter, type AuditLogItem, type UploadsFilter } from '@mbd/projections';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startWebApp, type WebApp } from '../../testing/web-app.fixture.js';
import { accepted, HOSTILE, installed, migrated, received, rejected, uploadItem } from './story.fixture.js';

const key: Actor = { kind: 'key', fingerprint: 'ABCDEF0123456789ABCDEF0123456789ABCDEF01' };
const item = (position: number, event: Event, correlationId: string, actor = 'daemon'): AuditLogItem => ({
  position,
  id: `e${position}`,
  streamId: 'dist-bookworm-test-unstable',
  type: event.type,
  version: 1,
  actor,
  correlationId,
  occurredAt: new Date(Date.UTC(2026, 10, 30, 12, 0, position)).toISOString(),
  data: event.data,
  source: 'hello',
});

describe('the upload pages over HTTP', () => {
  let web: WebApp;
  let dataDir: string;
  let queries: UploadsFilter[];
  let auditQueries: AuditLogFilter[];
  const uploads = [
    uploadItem({ uploadId: 'u2', version: '0.9-1', distribution: null, state: 'rejected', reason: `Version too old\n${HOSTILE}`, receivedPosition: 3, receivedAt: '2026-11-30T12:00:30.000Z' }),
    uploadItem({ uploadId: 'u1' }),
  ];

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'mbd-upload-pages-'));
    const laterEvents = [item(100, installed(), 'u1'), item(120, migrated(), 'c-migrate', 'user:admin'), item(130, installed('u9', '2.0-1~test12+1'), 'u9')];
    const projections = {
      getUpload: async (uploadId: string) => uploads.find((upload) => upload.uploadId === uploadId),
      listUploads: async (query: UploadsFilter) => {
        queries.push(query);
        return { items: uploads, nextBefore: 12 };
      },
      listAuditLog: async (filter: AuditLogFilter) => {
        auditQueries.push(filter);
        const items = laterEvents.filter(
          (entry) =>
            (filter.correlationId === undefined || entry.correlationId === filter.correlationId) &&
            (filter.source === undefined || entry.source === filter.source) &&
            entry.position > (filter.afterPosition ?? 0),
        );
        return { items, nextAfter: null };
      },
      listBuildQueue: async () => [],
    };
    web = await startWebApp({ dataDir, timeTravel: { resolve: async () => 1, treeAt: async () => dataDir }, providers: [{ provide: ProjectionsService, useValue: projections }] });
    const metadata = (actor: Actor, occurredAt: string) => ({ actor, correlationId: 'u1', occurredAt });
    const at = <E extends Event>(event: E, actor: Actor, second: number): E => ({ ...event, metadata: metadata(actor, `2026-11-30T12:00:${String(second).padStart(2, '0')}.000Z`) });
    await web.store.append(uploadStream('u1'), [at(received(), key, 1), at(accepted(), { kind: 'daemon' }, 2)], 'no-stream');
    await web.store.append(uploadStream('u2'), [at(received('u2', '0.9-1'), key, 3), at(rejected('u2', ['Version too old', HOSTILE]), { kind: 'daemon' }, 4)], 'no-stream');
  });
  afterAll(async () => {
    await web.close();
    rmSync(dataDir, { recursive: true, force: true });
  });
  beforeEach(() => {
    queries = [];
    auditQueries = [];
  });

  const page = (path: string) => fetch(`${web.url}${path}`, { headers: { accept: 'text/html' } });

  it('lists the uploads with the filters and the page asked for', async () => {
    const response = await page('/uploads?state=rejected&source=hello&distribution=&before=40');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(queries).toEqual([{ state: 'rejected', source: 'hello', beforePosition: 40, limit: 50 }]);
    const html = await response.text();
    expect(html).toContain('<table id="uploads"');
    expect(html).toContain('<tr data-upload="u2">');
    expect(html).toContain('<li>Version too old</li><li>&lt;script>alert(1)&lt;/script></li>');
    expect(html).toContain('href="/uploads?state=rejected&amp;source=hello&amp;before=12" rel="next"');
  });

  it('answers a bad filter with a 400 page', async () => {
    const response = await page('/uploads?state=lost');
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(queries).toEqual([]);
  });

  it("tells an upload's story: its stream, then the archive's later events about its version", async () => {
    const response = await page('/uploads/u1');
    expect(response.status).toBe(200);
    const html = await response.text();
    const story = html.slice(html.indexOf('<ol id="story">'), html.indexOf('</ol>'));
    expect([...story.matchAll(/<li data-type="(\w+)" data-position="(\d+)"/g)].map((match) => `${match[1]}@${match[2]}`)).toEqual([
      'UploadReceived@1',
      'UploadAccepted@2',
      'PackageInstalled@100',
      'PackageMigrated@120',
    ]);
    expect(html).toContain('<dd id="upload-state"><span class="state ok">installed</span></dd>');
    expect(auditQueries).toEqual(expect.arrayContaining([expect.objectContaining({ correlationId: 'u1' }), expect.objectContaining({ source: 'hello', afterPosition: 1 })]));
  });

  it('shows a rejection with each reason, escaped', async () => {
    const html = await (await page('/uploads/u2')).text();
    expect(html).toContain('<li>Version too old</li>');
    expect(html).toContain('<li>&lt;script>alert(1)&lt;/script></li>');
    expect(html).not.toContain(HOSTILE);
  });

  it('answers a page with 404 for an unknown upload and for an id no upload can have', async () => {
    for (const path of ['/uploads/nothing', '/uploads/..%2F..']) {
      const response = await page(path);
      expect(response.status).toBe(404);
      expect(response.headers.get('content-type')).toMatch(/^text\/html/);
      expect(await response.text()).toContain('<p role="alert">');
    }
  });
});
