import { resolveDistribution } from '@mbd/archive';
import { InMemoryEventStore } from '@mbd/events';
import { ArchiveAt, type BlobStore } from '@mbd/repository';
import { ArchiveCommandsService, ArchiveRequestError, ConfigurationService, SnapshotsService } from '@mbd/workflows';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleRepository } from '../pages/repositories/sample-repository.fixture.js';
import { ADMIN_TOKEN_FOR_TESTS, startWebApp, type WebApp } from '../testing/web-app.fixture.js';

/** /api/snapshots through the real WebModule and SnapshotsService on an in-memory log: auth, bad input, refusals recorded. */
describe('SnapshotsController', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'mbd-web-snapshots-api-'));
  const store = new InMemoryEventStore();
  let web: WebApp;

  const call = async (method: string, path: string, body?: unknown, auth = true) => {
    const response = await fetch(`${web.url}${path}`, {
      method,
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(auth ? { authorization: `Bearer ${ADMIN_TOKEN_FOR_TESTS}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  beforeAll(async () => {
    for (let i = 0; i < 3; i++) {
      await store.append('sample', [{ type: 'SampleRecorded', version: 1, data: { i }, metadata: { actor: { kind: 'user', name: 'test' }, correlationId: 'c', occurredAt: new Date(Date.UTC(2026, 10, 1, i)).toISOString() } }], 'any');
    }
    const repositories = new Map([['test', sampleRepository]]);
    const configuration = { current: () => ({ repositories, chroots: new Map() }) } as unknown as ConfigurationService;
    const archive = {
      settings: (name: string) => {
        const resolved = resolveDistribution([sampleRepository], name);
        if (!resolved.ok) throw new ArchiveRequestError('distribution-unknown', resolved.reason);
        return resolved.settings;
      },
    } as unknown as ArchiveCommandsService;
    const archiveAt = new ArchiveAt({ store, blobs: {} as BlobStore, cacheDir: join(dataDir, 'cache', 'at'), rebuild: async () => undefined });
    const snapshots = new SnapshotsService(store, archive, archiveAt, configuration);
    web = await startWebApp({ dataDir, timeTravel: archiveAt, providers: [{ provide: SnapshotsService, useValue: snapshots }] });
  });
  afterAll(async () => {
    await web.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('creates only with the admin token, and lists anonymously', async () => {
    expect((await call('POST', '/api/snapshots', { distribution: 'bookworm-test-stable', name: 'r1' }, false)).status).toBe(401);
    expect((await call('DELETE', '/api/snapshots/bookworm-test-stable/r1', undefined, false)).status).toBe(401);
    const created = await call('POST', '/api/snapshots', { distribution: 'bookworm-test-stable', name: 'r1' });
    expect(created.status).toBe(201);
    expect(created.body.snapshot).toMatchObject({ name: 'r1', position: 3 });
    const listed = await call('GET', '/api/snapshots/bookworm-test-stable', undefined, false);
    expect(listed.body).toMatchObject({ distribution: 'bookworm-test-stable', repository: 'test', snapshots: [{ name: 'r1', position: 3 }] });
  });

  it('names a past moment: a position or a time', async () => {
    expect((await call('POST', '/api/snapshots', { distribution: 'bookworm-test-stable', name: 'p1', at: '1' })).body.snapshot).toMatchObject({ position: 1 });
    expect((await call('POST', '/api/snapshots', { distribution: 'bookworm-test-stable', name: 't1', at: '2026-11-01T01:30:00Z' })).body.snapshot).toMatchObject({ position: 2 });
    const future = await call('POST', '/api/snapshots', { distribution: 'bookworm-test-stable', name: 'f1', at: '2999-01-01T00:00:00Z' });
    expect(future.status).toBe(400);
    expect(future.body.message).toMatch(/in the future/);
    expect((await call('POST', '/api/snapshots', { distribution: 'bookworm-test-stable', name: 'f2', at: 'yesterday' })).status).toBe(400);
  });

  it('answers bad input with reasons, records refusals, and changes nothing', async () => {
    const head = await store.headPosition();
    expect((await call('POST', '/api/snapshots', { distribution: 'bookworm-test-stable', name: 'x', extra: 1 })).status).toBe(400);
    expect((await call('POST', '/api/snapshots', { distribution: 'bookworm-test-nope', name: 'x' })).status).toBe(404);
    expect(await store.headPosition()).toBe(head);
    const experimental = await call('POST', '/api/snapshots', { distribution: 'bookworm-test-experimental', name: 'x' });
    expect(experimental).toMatchObject({ status: 400, body: { message: expect.stringContaining('bookworm-test-experimental is experimental') } });
    expect((await call('POST', '/api/snapshots', { distribution: 'bookworm-test-stable', name: '../x' })).status).toBe(400);
    expect((await call('POST', '/api/snapshots', { distribution: 'bookworm-test-stable', name: 'r1' })).status).toBe(409);
    expect((await call('DELETE', '/api/snapshots/bookworm-test-stable/nope')).status).toBe(404);
    const refusals = (await store.readAll({ after: head, limit: 100 })).map((event) => event.type);
    expect(refusals).toEqual(['SnapshotRefused', 'SnapshotRefused', 'SnapshotRefused', 'SnapshotRefused']);
    expect((await call('GET', '/api/snapshots/bookworm-test-stable', undefined, false)).body.snapshots).toHaveLength(3);
  });

  it('deletes a snapshot', async () => {
    expect((await call('DELETE', '/api/snapshots/bookworm-test-stable/r1')).status).toBe(200);
    expect(((await call('GET', '/api/snapshots/bookworm-test-stable', undefined, false)).body.snapshots as { name: string }[]).map((entry) => entry.name)).toEqual(['p1', 't1']);
  });
});
