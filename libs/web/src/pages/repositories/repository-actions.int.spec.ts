import type { CommandMetadata } from '@mbd/archive';
import { InMemoryEventStore } from '@mbd/events';
import { ProjectionsService, type AuditLogItem } from '@mbd/projections';
import { ArchiveAt, type BlobStore } from '@mbd/repository';
import {
  ArchiveRequestError,
  ConfigurationService,
  ExternalPortService,
  KeyringPackagesService,
  SnapshotsService,
  TestPackagesService,
  UploaderCommandsService,
} from '@mbd/workflows';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startWebApp, type WebApp } from '../../testing/web-app.fixture.js';
import { pageClient } from '../packages/page-client.fixture.js';
import { sampleRepository } from './sample-repository.fixture.js';
import { snapshotEntry } from './snapshot-entry.fixture.js';

const stable = 'bookworm-test-stable';
const unstable = 'bookworm-test-unstable';
const experimental = 'bookworm-test-experimental';
const uploadA = 'a'.repeat(32);
const uploadB = 'b'.repeat(32);

interface Call {
  readonly service: string;
  readonly args: unknown[];
  readonly actor?: unknown;
}

const entry = snapshotEntry;
const audit = new Map<number, AuditLogItem>([
  [43, entry(43, 'SnapshotCreated', { distribution: stable, name: 'release-2', position: 42 })],
  [45, entry(45, 'SnapshotRefused', { command: 'create', distribution: stable, name: 'release-1', reason: 'name-exists', message: 'snapshot release-1 of bookworm-test-stable exists' })],
]);

describe('the repository page actions over HTTP', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'mbd-web-repository-actions-'));
  let web: WebApp;
  let calls: Call[];

  beforeAll(async () => {
    const store = new InMemoryEventStore();
    const timeTravel = new ArchiveAt({ store, blobs: {} as BlobStore, cacheDir: join(dataDir, 'cache', 'at'), rebuild: async () => undefined });
    const actorOf = (metadata: CommandMetadata) => metadata.actor;
    const snapshotAnswer = (distribution: string, name: string) => {
      if (!distribution.startsWith('bookworm-test-')) throw new ArchiveRequestError('distribution-unknown', `No distribution ${distribution}`);
      const position = name === 'release-1' ? 45 : 43;
      return { distribution, events: [{ position, type: audit.get(position)!.type, data: audit.get(position)!.data }] };
    };
    web = await startWebApp({
      dataDir,
      timeTravel,
      env: { publicHost: 'mbd.example.org' },
      providers: [
        { provide: ConfigurationService, useValue: { current: () => ({ repositories: new Map([['test', sampleRepository]]), uploaders: [], chroots: new Map() }) } },
        { provide: UploaderCommandsService, useValue: { list: () => [] } },
        {
          provide: ProjectionsService,
          useValue: {
            listRepositoryState: async () => [],
            listBuildQueue: async () => [],
            getAuditLogEntry: async (position: number) => audit.get(position),
            getUpload: async () => undefined,
            waitForPosition: async () => undefined,
          },
        },
        {
          provide: SnapshotsService,
          useValue: {
            ofRepository: async () => [{ distribution: stable, name: 'release-1', position: 40, createdAt: '2026-11-30T12:00:40.000Z' }],
            create: async (distribution: string, name: string, at: string | undefined, metadata: CommandMetadata) => {
              const answer = snapshotAnswer(distribution, name);
              calls.push({ service: 'snapshot-create', args: [distribution, name, at], actor: actorOf(metadata) });
              return answer;
            },
            delete: async (distribution: string, name: string, metadata: CommandMetadata) => {
              calls.push({ service: 'snapshot-delete', args: [distribution, name], actor: actorOf(metadata) });
              return { distribution, events: [{ position: 46, type: 'SnapshotDeleted', data: {} }] };
            },
          },
        },
        {
          provide: ExternalPortService,
          useValue: {
            port: async (request: { dsc: string }, metadata: CommandMetadata) => {
              calls.push({ service: 'port-ext', args: [request], actor: actorOf(metadata) });
              if (request.dsc.includes('unsigned')) throw new ArchiveRequestError('bad-request', `port_ext of ${request.dsc} refused (signature-invalid): no uploader signed it`);
              return [{ distribution: unstable, events: [{ position: 50, type: 'PackagePorted', data: {} }] }];
            },
          },
        },
        {
          provide: KeyringPackagesService,
          useValue: {
            build: async (request: unknown) => {
              calls.push({ service: 'keyring-packages', args: [request] });
              return [{ distribution: unstable, source: 'test-archive-keyring', version: '20261130120000~test12', changes: 'x.changes', uploadId: uploadA }];
            },
          },
        },
        {
          provide: TestPackagesService,
          useValue: {
            build: async (request: unknown) => {
              calls.push({ service: 'test-packages', args: [request] });
              return [uploadA, uploadB].map((uploadId) => ({ distribution: experimental, source: 'mbd-test-archall', version: '1', changes: 'x.changes', uploadId }));
            },
          },
        },
      ],
    });
  });
  afterAll(async () => {
    await web.close();
    rmSync(dataDir, { recursive: true, force: true });
  });
  beforeEach(() => {
    calls = [];
  });

  const { page, post, signIn: signInTo } = pageClient(() => web.url);
  const signIn = () => signInTo('/repositories/test');
  const actions: [string, Record<string, string | string[]>][] = [
    [`/snapshots/${stable}`, { name: 'release-2' }],
    [`/snapshots/${stable}/release-1/delete`, {}],
    ['/port-ext', { repository: 'test', dsc: 'https://example.org/hello_1.0-1.dsc', to: unstable }],
    ['/keyring-packages', { repository: 'test', distributions: unstable }],
    ['/test-packages', { repository: 'test', distributions: experimental }],
  ];

  it('shows the snapshots and the bootstrap command to anyone, and no action form', async () => {
    const html = await (await page('/repositories/test')).text();
    expect(html).toContain('<a href="/repositories/test/dists/bookworm-test-stable/snapshots/release-1/">release-1</a>');
    expect(html).toContain('curl -fsS http://mbd.example.org:8066/repositories/test/bootstrap-apt.sh | sudo sh -s [codename] [suite]');
    expect(html).not.toContain('<form method="post" action="/snapshots');
    expect(html).not.toContain('action="/port-ext"');
  });

  it('refuses every action without a session, or with a wrong or missing CSRF token (403), and calls nothing', async () => {
    for (const [path, fields] of actions) expect((await post(path, { _csrf: 'anything', ...fields })).status, path).toBe(403);
    const { cookie } = await signIn();
    for (const [path, fields] of actions) {
      expect((await post(path, { _csrf: 'forged', ...fields }, cookie)).status, path).toBe(403);
      expect((await post(path, fields, cookie)).status, path).toBe(403);
    }
    expect(calls).toEqual([]);
  });

  it('makes a snapshot as the signed-in viewer, now or at a moment, and redirects to the page showing its event', async () => {
    const { cookie, csrf } = await signIn();
    const response = await post(`/snapshots/${stable}`, { _csrf: csrf, name: 'release-2', at: '' }, cookie);
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/repositories/test?done=43#result');
    const at = await post(`/snapshots/${stable}`, { _csrf: csrf, name: 'release-2', at: '2026-11-30T12:00:00Z' }, cookie);
    expect(at.status).toBe(303);
    expect(calls).toEqual([
      { service: 'snapshot-create', args: [stable, 'release-2', undefined], actor: { kind: 'user', name: 'admin' } },
      { service: 'snapshot-create', args: [stable, 'release-2', '2026-11-30T12:00:00Z'], actor: { kind: 'user', name: 'admin' } },
    ]);
    const result = await (await page('/repositories/test?done=43', cookie)).text();
    expect(result).toContain('<li data-type="SnapshotCreated" data-position="43">');
    expect(result).toContain('snapshot release-2 of bookworm-test-stable created at position 42');
  });

  it("shows a refused snapshot's reason, deletes one, and answers an unknown distribution with a 404", async () => {
    const { cookie, csrf } = await signIn();
    const refused = await post(`/snapshots/${stable}`, { _csrf: csrf, name: 'release-1' }, cookie);
    expect(refused.headers.get('location')).toBe('/repositories/test?done=45#result');
    const alert = await (await page('/repositories/test?done=45', cookie)).text();
    expect(alert).toContain('role="alert"');
    expect(alert).toContain('snapshot release-1 of bookworm-test-stable exists');
    const deleted = await post(`/snapshots/${stable}/release-1/delete`, { _csrf: csrf }, cookie);
    expect(deleted.status).toBe(303);
    expect(deleted.headers.get('location')).toBe('/repositories/test?done=46#result');
    const unknown = await post('/snapshots/sid-nowhere-stable', { _csrf: csrf, name: 'x' }, cookie);
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toContain('No distribution sid-nowhere-stable');
    expect(calls.map((call) => call.service)).toEqual(['snapshot-create', 'snapshot-delete']);
  });

  it("ports an external .dsc as the viewer; its refusal is a 400 page with the reason; another repository's distribution is refused before anything", async () => {
    const { cookie, csrf } = await signIn();
    const response = await post(
      '/port-ext',
      { _csrf: csrf, repository: 'test', dsc: 'https://example.org/hello_1.0-1.dsc', to: [unstable, experimental], allowUnauthenticated: 'on', options: 'lintian-mode=ignore', version: '' },
      cookie,
    );
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/repositories/test?done=50#result');
    expect(calls).toEqual([
      {
        service: 'port-ext',
        args: [{ dsc: 'https://example.org/hello_1.0-1.dsc', to: [unstable, experimental], allowUnauthenticated: true, options: ['lintian-mode=ignore'] }],
        actor: { kind: 'user', name: 'admin' },
      },
    ]);
    const unsigned = await post('/port-ext', { _csrf: csrf, repository: 'test', dsc: 'https://example.org/unsigned_1.0-1.dsc', to: unstable }, cookie);
    expect(unsigned.status).toBe(400);
    expect(await unsigned.text()).toContain('refused (signature-invalid): no uploader signed it');
    calls = [];
    const foreign = await post('/port-ext', { _csrf: csrf, repository: 'test', dsc: 'https://example.org/hello_1.0-1.dsc', to: 'bookworm-other-unstable' }, cookie);
    expect(foreign.status).toBe(400);
    expect(await foreign.text()).toContain('not distributions of repository test: bookworm-other-unstable');
    expect((await post('/port-ext', { _csrf: csrf, repository: 'test', dsc: 'https://example.org/hello_1.0-1.dsc' }, cookie)).status).toBe(400);
    expect(calls).toEqual([]);
  });

  it('builds keyring packages and uploads test packages to the ticked distributions, and shows the uploads started', async () => {
    const { cookie, csrf } = await signIn();
    const keyring = await post('/keyring-packages', { _csrf: csrf, repository: 'test', distributions: unstable, withoutMigration: 'on' }, cookie);
    expect(keyring.status).toBe(303);
    expect(keyring.headers.get('location')).toBe(`/repositories/test?started=${uploadA}#result`);
    const test = await post('/test-packages', { _csrf: csrf, repository: 'test', sources: ['mbd-test-archall', 'mbd-test-ftbfs'], distributions: experimental }, cookie);
    expect(test.status).toBe(303);
    expect(test.headers.get('location')).toBe(`/repositories/test?started=${uploadA},${uploadB}#result`);
    expect(calls).toEqual([
      { service: 'keyring-packages', args: [{ distributions: [unstable], withoutMigration: true }] },
      { service: 'test-packages', args: [{ sources: ['mbd-test-archall', 'mbd-test-ftbfs'], distributions: [experimental] }] },
    ]);
    const started = await (await page(`/repositories/test?started=${uploadA},${uploadB}`, cookie)).text();
    expect(started).toContain(`<a href="/uploads/${uploadB}">Upload ${uploadB}</a> is not recorded yet`);
  });

  it('refuses keyring and test packages with no distribution ticked, or an unknown test source, with a 400 and uploads nothing', async () => {
    const { cookie, csrf } = await signIn();
    const none = await post('/keyring-packages', { _csrf: csrf, repository: 'test' }, cookie);
    expect(none.status).toBe(400);
    expect(await none.text()).toContain('choose at least one distribution of repository test for the keyring packages');
    expect((await post('/test-packages', { _csrf: csrf, repository: 'test', distributions: experimental, sources: 'rm-rf' }, cookie)).status).toBe(400);
    expect((await post('/test-packages', { _csrf: csrf, repository: 'nope', distributions: experimental }, cookie)).status).toBe(404);
    expect(calls).toEqual([]);
  });
});
