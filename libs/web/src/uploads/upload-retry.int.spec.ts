import { UploadRetryError, UploadRetryService } from '@mbd/workflows';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN_FOR_TESTS, startWebApp, type WebApp } from '../testing/web-app.fixture.js';

describe('POST /api/uploads/<id>/retry through the HTTP stack', () => {
  let web: WebApp;
  let dataDir: string;
  const calls: { uploadId: string; reason?: string; actor: unknown }[] = [];
  const retry = async (uploadId: string, reason: string | undefined, metadata: { actor: unknown }) => {
    if (uploadId === 'unknown') throw new UploadRetryError('upload-unknown', 'mbd knows no upload unknown');
    if (uploadId === 'accepted') throw new UploadRetryError('refused', 'upload accepted is accepted (building or installed): only a rejected or failed upload can be retried');
    calls.push({ uploadId, reason, actor: metadata.actor });
    return { uploadId, retryUploadId: `${uploadId}.retry1`, intake: 'received' };
  };

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'mbd-retry-web-'));
    web = await startWebApp({ dataDir, timeTravel: { resolve: async () => 1, treeAt: async () => dataDir }, providers: [{ provide: UploadRetryService, useValue: { retry } }] });
  });
  afterAll(async () => {
    await web.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const post = async (uploadId: string, body: unknown, token: string | null = ADMIN_TOKEN_FOR_TESTS) => {
    const response = await fetch(`${web.url}/api/uploads/${encodeURIComponent(uploadId)}/retry`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  it('needs the admin token, and then retries as the admin with the reason given', async () => {
    expect((await post('u1', {}, null)).status).toBe(401);
    expect(calls).toEqual([]);
    const done = await post('u1', { reason: 'key added' });
    expect(done).toEqual({ status: 201, body: { uploadId: 'u1', retryUploadId: 'u1.retry1', intake: 'received' } });
    expect(calls).toEqual([{ uploadId: 'u1', reason: 'key added', actor: { kind: 'user', name: 'admin' } }]);
  });

  it('answers an unknown upload 404 and a refused retry 409 with the reason; bad input 400', async () => {
    expect(await post('unknown', {})).toMatchObject({ status: 404, body: { message: 'mbd knows no upload unknown' } });
    expect(await post('accepted', {})).toMatchObject({ status: 409, body: { message: expect.stringContaining('only a rejected or failed upload can be retried') } });
    expect((await post('u1', { force: true })).status).toBe(400);
    expect((await post('../etc', {})).status).toBe(400);
  });
});
