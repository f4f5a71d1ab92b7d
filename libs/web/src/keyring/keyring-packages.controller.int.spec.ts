import { defaultLayout } from '@mbd/archive';
import { ArchiveRequestError, ConfigurationService, KeyringPackagesService, TestPackagesService } from '@mbd/workflows';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN_FOR_TESTS, startWebApp, type WebApp } from '../testing/web-app.fixture.js';

const started = { distribution: 'bookworm-test-unstable', source: 'test-archive-keyring', version: '20261130220509~test12+1', changes: 'test-archive-keyring_20261130220509~test12+1_source.changes', uploadId: 'a'.repeat(32) };

describe('keyring_packages, test_packages and bootstrap-apt.sh through the HTTP stack', () => {
  let web: WebApp;
  let dataDir: string;
  const keyringCalls: unknown[] = [];
  const testCalls: unknown[] = [];

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'mbd-keyring-web-'));
    const repository = {
      repository: 'test',
      layout: defaultLayout,
      codenames: [{ codename: 'bookworm', codeversion: '12', architectures: [{ architecture: 'amd64', optional: false }], archAllOn: 'amd64', components: ['main'] }],
      allowUnsignedUploads: true,
      uploadPolicy: 'source-only',
    };
    web = await startWebApp({
      dataDir,
      timeTravel: { resolve: async () => 1, treeAt: async () => dataDir },
      providers: [
        { provide: ConfigurationService, useValue: { current: () => ({ repositories: new Map([['test', repository]]) }) } },
        {
          provide: KeyringPackagesService,
          useValue: {
            build: async (request: { distributions?: string[] }) => {
              keyringCalls.push(request);
              if (request.distributions?.includes('bookworm-test-stable')) throw new ArchiveRequestError('bad-request', 'bookworm-test-stable takes no uploads');
              return [started];
            },
          },
        },
        {
          provide: TestPackagesService,
          useValue: {
            build: async (request: unknown) => {
              testCalls.push(request);
              return [];
            },
            outcomesOf: async (ids: string[]) => ids.map((uploadId) => ({ ...started, uploadId, outcome: 'pending', expected: 'installed' })),
          },
        },
      ],
    });
  });
  afterAll(async () => {
    await web.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const post = (path: string, body: unknown, token: string | null = ADMIN_TOKEN_FOR_TESTS) =>
    fetch(`${web.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });

  it('needs the admin token, and builds nothing without it', async () => {
    expect((await post('/api/keyring-packages', {}, null)).status).toBe(401);
    expect((await post('/api/test-packages', {}, null)).status).toBe(401);
    expect(keyringCalls).toEqual([]);
    expect(testCalls).toEqual([]);
  });

  it('answers the uploads it started', async () => {
    const response = await post('/api/keyring-packages', { withoutMigration: true });
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({ uploads: [started] });
    expect(keyringCalls.at(-1)).toEqual({ withoutMigration: true });
  });

  it('refuses bad input with a reason a person understands, before any service runs', async () => {
    const calls = keyringCalls.length + testCalls.length;
    for (const [path, body] of [
      ['/api/keyring-packages', { withoutMigration: 'yes' }],
      ['/api/keyring-packages', { distributions: 'bookworm-test-unstable' }],
      ['/api/keyring-packages', { unknown: 1 }],
      ['/api/test-packages', { sources: ['hello'] }],
      ['/api/test-packages', { withCheck: 1 }],
    ] as const) {
      const response = await post(path, body);
      expect(response.status, `${path} ${JSON.stringify(body)}`).toBe(400);
      expect(((await response.json()) as { message: string }).message).not.toBe('');
    }
    expect(keyringCalls.length + testCalls.length).toBe(calls);
    const refused = await post('/api/keyring-packages', { distributions: ['bookworm-test-stable'] });
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { message: string }).message).toBe('bookworm-test-stable takes no uploads');
    expect((await fetch(`${web.url}/api/test-packages/outcomes?uploads=not-an-id`)).status).toBe(400);
  });

  it('serves the bootstrap script of a configured repository, and 404 for another', async () => {
    const script = await fetch(`${web.url}/repositories/test/bootstrap-apt.sh`);
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toContain('text/x-shellscript');
    expect(await script.text()).toContain("package='test-archive-keyring'");
    expect((await fetch(`${web.url}/repositories/nowhere/bootstrap-apt.sh`)).status).toBe(404);
  });
});
