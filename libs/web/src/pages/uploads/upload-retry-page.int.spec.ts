import type { CommandMetadata } from '@mbd/archive';
import { UploadRetried, UploadRetryRefused, uploadStream, type Actor, type Event } from '@mbd/events';
import { ProjectionsService } from '@mbd/projections';
import { UploadRetryError, UploadRetryService } from '@mbd/workflows';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startWebApp, type WebApp } from '../../testing/web-app.fixture.js';
import { pageClient } from '../packages/page-client.fixture.js';
import { received, rejected, uploadItem } from './story.fixture.js';

const key: Actor = { kind: 'key', fingerprint: 'ABCDEF0123456789ABCDEF0123456789ABCDEF01' };
const at = <E extends Event>(event: E, actor: Actor, second: number): E => ({
  ...event,
  metadata: { actor, correlationId: 'c', occurredAt: `2026-11-30T12:00:${String(second).padStart(2, '0')}.000Z` },
});

describe('the upload page retry over HTTP', () => {
  let web: WebApp;
  let dataDir: string;
  let calls: { uploadId: string; reason: string | undefined; actor: unknown }[];

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'mbd-upload-retry-page-'));
    const projections = {
      getUpload: async (uploadId: string) => uploadItem({ uploadId, version: '0.9-1', distribution: null, state: 'rejected', reason: 'Key not allowed' }),
      listAuditLog: async () => ({ items: [], nextAfter: null, nextBefore: null }),
      listBuildQueue: async () => [],
    };
    const retries = {
      /** Records like the real service: u2 is retried, u3 refused (both in the upload's stream), anything else unknown. */
      retry: async (uploadId: string, reason: string | undefined, metadata: CommandMetadata) => {
        calls.push({ uploadId, reason, actor: metadata.actor });
        const stream = uploadStream(uploadId);
        const recorded = { actor: metadata.actor, correlationId: metadata.correlationId, occurredAt: metadata.now };
        if (uploadId === 'u2') {
          await web.store.append(stream, [UploadRetried.create({ uploadId, retryUploadId: 'u2.retry1', source: 'hello', version: '0.9-1', ...(reason ? { reason } : {}) }, recorded)], 1);
          return { uploadId, retryUploadId: 'u2.retry1', intake: 'received' };
        }
        if (uploadId === 'u3') {
          await web.store.append(stream, [UploadRetryRefused.create({ uploadId, reasons: ['its files are no longer stored: hello_0.9-1.dsc'] }, recorded)], 1);
          throw new UploadRetryError('refused', 'its files are no longer stored: hello_0.9-1.dsc');
        }
        throw new UploadRetryError('upload-unknown', `mbd knows no upload ${uploadId}`);
      },
    };
    web = await startWebApp({
      dataDir,
      timeTravel: { resolve: async () => 1, treeAt: async () => dataDir },
      providers: [
        { provide: ProjectionsService, useValue: projections },
        { provide: UploadRetryService, useValue: retries },
      ],
    });
    for (const uploadId of ['u2', 'u3'])
      await web.store.append(uploadStream(uploadId), [at(received(uploadId, '0.9-1'), key, 1), at(rejected(uploadId, ['Key not allowed']), { kind: 'daemon' }, 2)], 'no-stream');
  });
  afterAll(async () => {
    await web.close();
    rmSync(dataDir, { recursive: true, force: true });
  });
  beforeEach(() => {
    calls = [];
  });

  const { page, post, signIn: signInTo } = pageClient(() => web.url);
  const signIn = async () => {
    const signedIn = await signInTo('/uploads/u2');
    expect(await (await page('/uploads/u2', signedIn.cookie)).text()).toContain('action="/uploads/u2/retry"');
    return signedIn;
  };

  it('shows no retry form to a reader who is not signed in', async () => {
    const html = await (await page('/uploads/u2')).text();
    expect(html).not.toContain('action="/uploads/u2/retry"');
  });

  it('refuses a retry without a session, or with a wrong or missing CSRF token (403), and retries nothing', async () => {
    expect((await post('/uploads/u2/retry', { _csrf: 'anything' })).status).toBe(403);
    const { cookie } = await signIn();
    expect((await post('/uploads/u2/retry', { _csrf: 'forged' }, cookie)).status).toBe(403);
    expect((await post('/uploads/u2/retry', {}, cookie)).status).toBe(403);
    expect(calls).toEqual([]);
    expect((await web.store.readStream(uploadStream('u2'))).map((event) => event.type)).toEqual(['UploadReceived', 'UploadRejected']);
  });

  it('retries as the signed-in viewer and redirects to the upload, whose page links the retry', async () => {
    const { cookie, csrf } = await signIn();
    const response = await post('/uploads/u2/retry', { _csrf: csrf, reason: 'uploader key added' }, cookie);
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/uploads/u2#story');
    expect(calls).toEqual([{ uploadId: 'u2', reason: 'uploader key added', actor: { kind: 'user', name: 'admin' } }]);
    const html = await (await page('/uploads/u2', cookie)).text();
    expect(html).toContain('<li data-type="UploadRetried"');
    expect(html).toContain('<a href="/uploads/u2.retry1">u2.retry1</a> (uploader key added)');
  });

  it("answers a refused retry with the upload's page showing the reasons, and an unknown upload with a 404", async () => {
    const { cookie, csrf } = await signIn();
    const refused = await post('/uploads/u3/retry', { _csrf: csrf, reason: '' }, cookie);
    expect(refused.status).toBe(303);
    expect(calls[0]).toMatchObject({ uploadId: 'u3', reason: undefined });
    const html = await (await page('/uploads/u3', cookie)).text();
    expect(html).toContain('<dd id="retry-refused"><ul class="reasons"><li>its files are no longer stored: hello_0.9-1.dsc</li>');
    const unknown = await post('/uploads/nothing/retry', { _csrf: csrf }, cookie);
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toContain('mbd knows no upload nothing');
    expect((await post('/uploads/u2/retry', { _csrf: csrf, surprise: '1' }, cookie)).status).toBe(400);
  });
});
