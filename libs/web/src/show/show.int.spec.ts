import { ProjectionsService, type DistributionSource } from '@mbd/projections';
import { ConfigurationService, DebdiffError, DebdiffService } from '@mbd/workflows';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { placement, sandboxRepository } from '../pages/packages/package-tracker.fixture.js';
import { startWebApp, type WebApp } from '../testing/web-app.fixture.js';

const v1 = '1.0~test12+1';
const v2 = '1.1~test12+1';
const state: DistributionSource[] = [
  placement('bookworm-test-unstable', v2, 30, 'u2'),
  placement('bookworm-test-unstable-rollback0', v1, 29, 'u1'),
  placement('bookworm-test-testing', v1, 20, 'u1'),
];

/** The debdiff service's answers: `busy` is refused as busy, `hello` 9.9 was never installed. */
const debdiff = async (repository: string, source: string, versiona: string, versionb: string) => {
  if (source === 'busy') throw new DebdiffError('busy', '2 debdiffs are running', 7);
  if (versionb === '9.9') throw new DebdiffError('version-unknown', `${source} 9.9 was never installed in repository ${repository}`);
  return { repository, source, versiona, versionb, identical: false, debdiff: '-old\n+new\n' };
};

const q = encodeURIComponent;

describe('GET /api/ls, /api/show and /api/debdiff through the HTTP stack', () => {
  let web: WebApp;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'mbd-show-'));
    // the published tree holds v2's .dsc in main; v1's is not there (yet)
    mkdirSync(join(dataDir, 'repositories/test/pool/main/h/hello'), { recursive: true });
    writeFileSync(join(dataDir, 'repositories/test/pool/main/h/hello', `hello_${v2}.dsc`), 'Source: hello\n');
    web = await startWebApp({
      dataDir,
      timeTravel: { resolve: async () => 1, treeAt: async () => dataDir },
      providers: [
        { provide: ProjectionsService, useValue: { listRepositoryState: async (filter: { source?: string }) => state.filter((row) => row.source === filter.source) } },
        { provide: ConfigurationService, useValue: { current: () => ({ repositories: new Map([['test', sandboxRepository]]), uploaders: [], chroots: new Map() }) } },
        { provide: DebdiffService, useValue: { debdiff } },
      ],
    });
  });
  afterAll(async () => {
    await web.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const get = async (path: string) => {
    const response = await fetch(`${web.url}${path}`);
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  it('answers ls anonymously with each distribution, its component as the pool has it, and its rollbacks', async () => {
    const { status, body } = await get('/api/ls/hello');
    expect(status).toBe(200);
    expect(body).toEqual({
      test: {
        'bookworm-test-testing': { version: v1, component: null, architecture: 'source', rollbacks: {} },
        'bookworm-test-unstable': {
          version: v2,
          component: 'main',
          architecture: 'source',
          rollbacks: { 'bookworm-test-unstable-rollback0': { version: v1, component: null, architecture: 'source' } },
        },
      },
    });
  });

  it('filters by codename and version, and a source nowhere is an empty listing', async () => {
    expect((await get('/api/ls/hello?codenames=trixie')).body).toEqual({});
    expect(Object.keys((await get(`/api/ls/hello?repositories=test&min-version=${encodeURIComponent(v2)}`)).body.test as object)).toEqual(['bookworm-test-unstable']);
    expect((await get('/api/ls/nothing')).body).toEqual({});
  });

  it('answers show with the .dsc URL, the upload, and the suite state', async () => {
    const { status, body } = await get('/api/show/hello?repositories=test');
    expect(status).toBe(200);
    const test = body.test as Record<string, Record<string, unknown>>;
    expect(test['bookworm-test-unstable']).toMatchObject({
      version: v2,
      dscPath: `/repositories/test/pool/main/h/hello/hello_${v2}.dsc`,
      changes: [{ uploadId: 'u2', href: '/uploads/u2' }],
      uploadable: true,
      migratesTo: 'bookworm-test-testing',
      isMigrated: false,
    });
    expect(test['bookworm-test-testing']).toMatchObject({ version: v1, dscPath: null, uploadable: false, migratesTo: 'bookworm-test-stable', isMigrated: false });
  });

  it('refuses a bad source name, a bad version and an unknown option with a 400 naming the field', async () => {
    const badSource = await get('/api/show/Hello_World');
    expect(badSource.status).toBe(400);
    expect(String(badSource.body.message)).toContain('a source name is lowercase letters');
    const badVersion = await get('/api/ls/hello?version=abc');
    expect(badVersion.status).toBe(400);
    expect(JSON.stringify(badVersion.body)).toContain('version');
    const unknown = await get('/api/ls/hello?suite=unstable');
    expect(unknown.status).toBe(400);
    expect(JSON.stringify(unknown.body)).toContain('suite');
  });

  it('answers debdiff anonymously with its text; an unknown version is a 404, a busy daemon a 503 with Retry-After', async () => {
    const ok = await get(`/api/debdiff/test/hello?versiona=${q(v1)}&versionb=${q(v2)}`);
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ identical: false, debdiff: '-old\n+new\n', versiona: v1, versionb: v2 });
    const unknown = await get(`/api/debdiff/test/hello?versiona=${q(v1)}&versionb=9.9`);
    expect(unknown.status).toBe(404);
    expect(unknown.body.message).toBe('hello 9.9 was never installed in repository test');
    const busy = await fetch(`${web.url}/api/debdiff/test/busy?versiona=${q(v1)}&versionb=${q(v2)}`);
    expect(busy.status).toBe(503);
    expect(busy.headers.get('retry-after')).toBe('7');
    expect((await get('/api/debdiff/test/hello?versiona=1.0')).status).toBe(400);
  });
});
