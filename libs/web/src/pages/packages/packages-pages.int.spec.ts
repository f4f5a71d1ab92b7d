import type { CommandMetadata } from '@mbd/archive';
import { ProjectionsService, type AuditLogFilter, type AuditLogItem, type BuildQueueItem, type DistributionSource, type RollbackHistoryItem } from '@mbd/projections';
import { ArchiveCommandsService, ArchiveRequestError, ConfigurationService, DebdiffError, DebdiffService, type ArchiveCommandResult } from '@mbd/workflows';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startWebApp, type WebApp } from '../../testing/web-app.fixture.js';
import { pageClient } from './page-client.fixture.js';
import type { Event } from '@mbd/events';
import { installed, linted, migrated, received, rejected, requested, restored, rotated, succeeded, uploadItem } from '../uploads/story.fixture.js';
import { placement, sandboxRepository } from './package-tracker.fixture.js';
import { trackerHistoryShown } from './package-tracker.page.js';

const v1 = '1.0-1~test12+1';
const state: DistributionSource[] = [placement('bookworm-test-unstable', v1, 16, 'u1')];
const filed = (position: number, event: Event, streamId: string, actor = 'daemon', source = 'hello'): AuditLogItem => ({
  position,
  id: `e${position}`,
  streamId,
  type: event.type,
  version: 1,
  actor,
  correlationId: `c${position}`,
  occurredAt: new Date(Date.UTC(2026, 10, 30, 12, 0, position)).toISOString(),
  data: event.data,
  source,
});
const migration = filed(50, migrated(), 'dist-bookworm-test-testing', 'user:admin');
/** hello's events: its upload u1 installed in unstable, then many rejected uploads, then a migration. */
const auditLog: AuditLogItem[] = [
  filed(10, received(), 'upload-u1'),
  filed(16, installed(), 'dist-bookworm-test-unstable'),
  ...Array.from({ length: 30 }, (_, index) => filed(20 + index, rejected(`r${index}`), `upload-r${index}`)),
  migration,
  // world: installed in unstable, migrated to testing, kept in its rollback and restored
  filed(51, received('w1'), 'upload-w1', 'daemon', 'world'),
  filed(52, requested('wb1', 'w1'), 'upload-w1', 'daemon', 'world'),
  filed(53, linted(), 'upload-w1', 'daemon', 'world'),
  filed(54, succeeded('wb1'), 'upload-w1', 'daemon', 'world'),
  filed(55, installed('w1'), 'dist-bookworm-test-unstable', 'daemon', 'world'),
  filed(60, migrated(), 'dist-bookworm-test-testing', 'user:admin', 'world'),
  filed(61, rotated(), 'dist-bookworm-test-testing', 'user:admin', 'world'),
  filed(62, restored(), 'dist-bookworm-test-testing', 'user:admin', 'world'),
];
const worldBuild: BuildQueueItem = {
  buildId: 'wb1',
  uploadId: 'w1',
  uploader: 'key:ABCDEF0123456789ABCDEF0123456789ABCDEF01',
  source: 'world',
  version: v1,
  distribution: 'bookworm-test-unstable',
  architecture: 'amd64',
  archAll: true,
  optional: false,
  attempt: 1,
  state: 'built',
  reason: null,
  builder: 'local',
  requestedPosition: 52,
  requestedAt: auditLog.find((item) => item.position === 52)!.occurredAt,
  startedAt: null,
  finishedAt: auditLog.find((item) => item.position === 54)!.occurredAt,
  queuePosition: null,
};
const worldState: DistributionSource[] = [{ ...placement('bookworm-test-testing', v1, 62), source: 'world' }];
const worldRollbacks: RollbackHistoryItem[] = [61, 62].map((position) => ({
  position,
  distribution: 'bookworm-test-testing',
  source: 'world',
  version: v1,
  action: position === 61 ? 'rotated' : 'restored',
  rollback: 0,
  rollbacks: position === 61 ? [v1] : [],
  actor: 'user:admin',
  occurredAt: new Date(Date.UTC(2026, 10, 30, 12, 0, position)).toISOString(),
}));

/** listAuditLog over `auditLog` with the filters the tracker uses. */
const listAuditLog = async (filter: AuditLogFilter) => {
  const matching = auditLog.filter(
    (item) =>
      (filter.source === undefined || item.source === filter.source) &&
      (filter.type === undefined || item.type === filter.type) &&
      (filter.stream === undefined || item.streamId === filter.stream) &&
      item.position > (filter.afterPosition ?? 0) &&
      (filter.until === undefined || item.occurredAt <= filter.until.toISOString()) &&
      (filter.beforePosition === undefined || item.position < filter.beforePosition),
  );
  const ordered = filter.order === 'desc' ? [...matching].reverse() : matching;
  const limit = filter.limit ?? 100;
  const items = ordered.slice(0, limit);
  const more = ordered.length > limit;
  return { items, nextAfter: filter.order !== 'desc' && more ? items.at(-1)!.position : null, nextBefore: filter.order === 'desc' && more ? items.at(-1)!.position : null };
};

interface Call {
  readonly command: string;
  readonly args: unknown[];
  readonly metadata: CommandMetadata;
}

describe('the package pages over HTTP', () => {
  let web: WebApp;
  let dataDir: string;
  let calls: Call[];
  let auditReads: AuditLogFilter[];
  const result = (events = [{ position: 50, type: 'PackageMigrated', data: migration.data }]): ArchiveCommandResult => ({ distribution: 'bookworm-test-testing', events });
  /** Refuses like the real service for a distribution the configuration does not know. */
  const check = (distribution: string) => {
    if (distribution === 'bookworm-test-nowhere') throw new ArchiveRequestError('distribution-unknown', 'No distribution for suite \'nowhere\' in repository test');
    if (distribution === 'bookworm-test-stable') throw new ArchiveRequestError('bad-request', 'bookworm-test-stable does not migrate anywhere');
  };

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'mbd-package-pages-'));
    const projections = {
      listRepositoryState: async (filter: { source?: string } = {}) => [...state, ...worldState].filter((row) => filter.source === undefined || row.source === filter.source),
      listRollbackHistory: async (filter: { source?: string } = {}) => worldRollbacks.filter((step) => step.source === filter.source),
      listBuildQueue: async (filter: { source?: string } = {}) => (filter.source === 'world' ? [worldBuild] : []),
      listUploads: async (filter: { source?: string }) => ({ items: filter.source === 'hello' ? [uploadItem({ uploadId: 'u1' })] : [], nextBefore: null }),
      listAuditLog: async (filter: AuditLogFilter) => {
        auditReads.push(filter);
        return listAuditLog(filter);
      },
      getAuditLogEntry: async (position: number) => (position === 50 ? migration : undefined),
      waitForPosition: async () => undefined,
    };
    const record =
      (command: string) =>
      async (...args: unknown[]) => {
        const metadata = args.at(-1) as CommandMetadata;
        check(args[0] as string);
        calls.push({ command, args: args.slice(0, -1), metadata });
        return command === 'migrateAll' ? [result(), result([{ position: 51, type: 'PackageMigrated', data: migration.data }])] : result();
      };
    web = await startWebApp({
      dataDir,
      timeTravel: { resolve: async () => 1, treeAt: async () => dataDir },
      providers: [
        { provide: ProjectionsService, useValue: projections },
        { provide: ConfigurationService, useValue: { current: () => ({ repositories: new Map([['test', sandboxRepository]]), uploaders: [], chroots: new Map() }) } },
        {
          provide: ArchiveCommandsService,
          useValue: {
            migrate: record('migrate'),
            migrateAll: record('migrateAll'),
            remove: record('remove'),
            restore: record('restore'),
            port: async (...args: unknown[]) => {
              calls.push({ command: 'port', args: args.slice(0, -1), metadata: args.at(-1) as CommandMetadata });
              return (args[2] as string[]).map((to, index) => ({ distribution: to, events: [{ position: 70 + index, type: 'PackagePorted', data: {} }] }));
            },
          },
        },
        {
          provide: DebdiffService,
          useValue: {
            debdiff: async (repository: string, source: string, versiona: string, versionb: string) => {
              if (versiona === '0.1-1') throw new DebdiffError('version-unknown', `${source} ${versiona} was never installed in ${repository}`);
              calls.push({ command: 'debdiff', args: [repository, source, versiona, versionb], metadata: undefined as unknown as CommandMetadata });
              return { repository, source, versiona, versionb, identical: false, debdiff: '+  * <script>alert(1)</script>\n' };
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
    auditReads = [];
  });

  const { page, post, signIn: signInTo } = pageClient(() => web.url);
  const signIn = () => signInTo('/packages/hello');

  it('finds packages by a part of their name', async () => {
    const response = await page('/packages?q=ELL');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await response.text();
    expect(html).toContain('<tr data-source="hello">');
    expect(await (await page('/packages?q=zzz')).text()).not.toContain('<tr data-source=');
  });

  it('shows the tracker to anyone, without action forms', async () => {
    const response = await page('/packages/hello');
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('<tr data-distribution="bookworm-test-unstable">');
    expect(html).toContain('<tr data-upload="u1">');
    expect(html).not.toContain('action="/packages/hello/migrate"');
  });

  it("shows how the version came and the latest events, reading of the audit log only what it shows", async () => {
    const { cookie } = await signIn(); // a signed-in view is rendered every time (anonymous ones may come from the page cache)
    auditReads = [];
    const html = await (await page('/packages/hello', cookie)).text();
    const lineage = html.slice(html.indexOf('<section id="lineage"'), html.indexOf('</section>', html.indexOf('<section id="lineage"')));
    expect([...lineage.matchAll(/<li data-type="(\w+)"/g)].map((match) => match[1])).toEqual(['UploadReceived', 'PackageInstalled']);
    const history = html.slice(html.indexOf('<ol id="history"'), html.indexOf('</ol>', html.indexOf('<ol id="history"')));
    expect([...history.matchAll(/<a href="\/audit\/(\d+)">event/g)].map((match) => Number(match[1]))).toEqual(
      auditLog.filter((item) => item.source === 'hello').map((item) => item.position).reverse().slice(0, trackerHistoryShown),
    );
    expect(html).toContain('<a href="/audit?source=hello">Every event of hello in the audit log</a>');
    // each read is of one type, of one upload's stream, or the latest events shown
    expect(auditReads.length).toBeGreaterThan(0);
    for (const filter of auditReads) expect(filter.type !== undefined || filter.stream !== undefined || (filter.limit ?? 100) <= trackerHistoryShown).toBe(true);
    // a version only ever installed: one read of installs, none of migrations, rotations or restores
    expect(auditReads.flatMap((filter) => (filter.type?.startsWith('Package') ? [filter.type] : []))).toEqual(['PackageInstalled']);
  });

  it('reads a lineage back through a migration and a trip to a rollback to the upload', async () => {
    const { cookie } = await signIn();
    auditReads = [];
    const html = await (await page('/packages/world', cookie)).text();
    const lineage = html.slice(html.indexOf('<section id="lineage"'), html.indexOf('</section>', html.indexOf('<section id="lineage"')));
    expect([...lineage.matchAll(/<a href="\/audit\/(\d+)">event/g)].map((match) => Number(match[1]))).toEqual([51, 55, 60, 61, 62]);
    // lintian of the build and of its upload's source, read by type from the build's request on (the build's up to its finish)
    const lintian = html.slice(html.indexOf('<table id="lintian"'), html.indexOf('</table>', html.indexOf('<table id="lintian"')));
    expect([...lintian.matchAll(/<a href="\/audit\/(\d+)">/g)].map((match) => Number(match[1]))).toEqual([54, 53]);
    expect(lintian).toContain('<a href="/builds/wb1">build on amd64</a>');
    expect(auditReads.filter((filter) => filter.type === 'BuildSucceeded' || filter.type === 'SourceLinted')).toEqual([
      { source: 'world', type: 'SourceLinted', order: 'desc', afterPosition: 51, limit: 20 },
      { source: 'world', type: 'BuildSucceeded', order: 'desc', afterPosition: 51, until: new Date(worldBuild.finishedAt!), limit: 20 },
    ]);
    // installs first; then migrations, and rotations and restores since the rollback history has some
    expect(auditReads.filter((filter) => filter.type !== undefined && filter.beforePosition === 63).map((filter) => filter.type)).toEqual([
      'PackageInstalled',
      'PackageMigrated',
      'PackageRestored',
      'PackageRotatedToRollback',
    ]);
  });

  it('answers a page with 404 for a source nobody knows, and for a name no source can have', async () => {
    for (const path of ['/packages/nothing-here', '/packages/Not%20A%20Name']) {
      const response = await page(path);
      expect(response.status).toBe(404);
      expect(response.headers.get('content-type')).toMatch(/^text\/html/);
      expect(await response.text()).toContain('<p role="alert">');
    }
  });

  it('refuses an action without a session (403) and calls nothing', async () => {
    const response = await post('/packages/hello/migrate', { _csrf: 'anything', distribution: 'bookworm-test-unstable' });
    expect(response.status).toBe(403);
    expect(await response.text()).toContain('sign in first');
    expect(calls).toEqual([]);
  });

  it('refuses an action with a wrong CSRF token (403) and calls nothing', async () => {
    const { cookie } = await signIn();
    for (const path of ['/packages/hello/migrate', '/packages/hello/remove', '/packages/hello/rollback']) {
      const response = await post(path, { _csrf: 'forged', distribution: 'bookworm-test-unstable', rollback: '0' }, cookie);
      expect(response.status).toBe(403);
    }
    expect((await post('/packages/hello/migrate', { distribution: 'bookworm-test-unstable' }, cookie)).status).toBe(403);
    expect(calls).toEqual([]);
  });

  it('migrates as the signed-in viewer and redirects to the tracker showing the resulting event', async () => {
    const { cookie, csrf } = await signIn();
    const tracker = await (await page('/packages/hello', cookie)).text();
    expect(tracker).toContain('<button type="submit">Migrate to bookworm-test-testing</button>');
    const response = await post('/packages/hello/migrate', { _csrf: csrf, distribution: 'bookworm-test-unstable' }, cookie);
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/packages/hello?done=50');
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ command: 'migrate', args: ['bookworm-test-unstable', 'hello'], metadata: { actor: { kind: 'user', name: 'admin' } } });
    const result = await (await page(response.headers.get('location')!, cookie)).text();
    expect(result).toContain('<section id="result"');
    expect(result).toContain('<li data-type="PackageMigrated" data-position="50">');
    expect(result).toContain('<a href="/audit/50">event 50</a>');
  });

  it('migrates along the whole chain with full=on', async () => {
    const { cookie, csrf } = await signIn();
    const response = await post('/packages/hello/migrate', { _csrf: csrf, distribution: 'bookworm-test-unstable', full: 'on' }, cookie);
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/packages/hello?done=50,51');
    expect(calls.map((call) => call.command)).toEqual(['migrateAll']);
  });

  it('removes and restores with the fields of the forms, as the viewer', async () => {
    const { cookie, csrf } = await signIn();
    const removed = await post('/packages/hello/remove', { _csrf: csrf, distribution: 'bookworm-test-unstable', version: v1, reason: 'broken' }, cookie);
    expect(removed.status).toBe(303);
    const restored = await post('/packages/hello/rollback', { _csrf: csrf, distribution: 'bookworm-test-testing', rollback: '2' }, cookie);
    expect(restored.status).toBe(303);
    expect(calls.map(({ command, args, metadata }) => ({ command, args, actor: metadata.actor }))).toEqual([
      { command: 'remove', args: ['bookworm-test-unstable', 'hello', { version: v1, reason: 'broken' }], actor: { kind: 'user', name: 'admin' } },
      { command: 'restore', args: ['bookworm-test-testing', 'hello', 2], actor: { kind: 'user', name: 'admin' } },
    ]);
  });

  it("shows the service's refusal with its reason on a 4xx page, and a malformed form as a 400", async () => {
    const { cookie, csrf } = await signIn();
    const unknown = await post('/packages/hello/migrate', { _csrf: csrf, distribution: 'bookworm-test-nowhere' }, cookie);
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toContain("No distribution for suite 'nowhere' in repository test");
    const nowhere = await post('/packages/hello/migrate', { _csrf: csrf, distribution: 'bookworm-test-stable' }, cookie);
    expect(nowhere.status).toBe(400);
    expect(await nowhere.text()).toContain('bookworm-test-stable does not migrate anywhere');
    const extra = await post('/packages/hello/rollback', { _csrf: csrf, distribution: 'bookworm-test-testing', rollback: 'first' }, cookie);
    expect(extra.status).toBe(400);
    expect((await post('/packages/hello/remove', { _csrf: csrf, distribution: 'bookworm-test-unstable', surprise: '1' }, cookie)).status).toBe(400);
    expect(calls).toEqual([]);
  });

  it('shows the show facts of each version (uploadable, where it migrates, whether it is there)', async () => {
    const html = await (await page('/packages/hello')).text();
    const unstable = html.slice(html.indexOf('<tr data-distribution="bookworm-test-unstable"'), html.indexOf('</tr>', html.indexOf('<tr data-distribution="bookworm-test-unstable"')));
    expect(unstable).toContain('<li>takes uploads</li>');
    expect(unstable).toContain('<li>migrates to bookworm-test-testing: not migrated</li>');
  });

  it('refuses a port without a session or with a wrong CSRF token (403) and ports nothing', async () => {
    const fields = { distribution: 'bookworm-test-unstable', to: 'bookworm-test-experimental' };
    expect((await post('/packages/hello/port', { _csrf: 'anything', ...fields })).status).toBe(403);
    const { cookie } = await signIn();
    expect((await post('/packages/hello/port', { _csrf: 'forged', ...fields }, cookie)).status).toBe(403);
    expect(calls).toEqual([]);
  });

  it('ports to the ticked distributions with the version and options given, as the viewer, and shows the resulting events', async () => {
    const { cookie, csrf } = await signIn();
    const tracker = await (await page('/packages/hello', cookie)).text();
    expect(tracker).toContain('<input type="checkbox" name="to" value="bookworm-test-experimental"/>');
    const response = await post(
      '/packages/hello/port',
      { _csrf: csrf, distribution: 'bookworm-test-unstable', to: ['bookworm-test-experimental', 'bookworm-test-unstable'], version: '', options: 'lintian-mode=ignore | deb-build-options=nocheck' },
      cookie,
    );
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/packages/hello?done=70,71');
    expect(calls.map(({ command, args, metadata }) => ({ command, args, actor: metadata.actor }))).toEqual([
      {
        command: 'port',
        args: ['hello', 'bookworm-test-unstable', ['bookworm-test-experimental', 'bookworm-test-unstable'], { options: ['lintian-mode=ignore', 'deb-build-options=nocheck'] }],
        actor: { kind: 'user', name: 'admin' },
      },
    ]);
    const one = await post('/packages/hello/port', { _csrf: csrf, distribution: 'bookworm-test-unstable', to: 'bookworm-test-hotfix', version: '1.0-1~test12+1~port1' }, cookie);
    expect(one.status).toBe(303);
    expect(calls[1]!.args).toEqual(['hello', 'bookworm-test-unstable', ['bookworm-test-hotfix'], { version: '1.0-1~test12+1~port1' }]);
  });

  it('answers a port with no distribution ticked, or options that would add a line, with a 400 and ports nothing', async () => {
    const { cookie, csrf } = await signIn();
    const none = await post('/packages/hello/port', { _csrf: csrf, distribution: 'bookworm-test-unstable' }, cookie);
    expect(none.status).toBe(400);
    expect(await none.text()).toContain('choose at least one distribution to port to');
    const injected = await post('/packages/hello/port', { _csrf: csrf, distribution: 'bookworm-test-unstable', to: 'bookworm-test-unstable', options: 'lintian-mode=ignore\u0000x' }, cookie);
    expect(injected.status).toBe(400);
    const bare = await post('/packages/hello/port', { _csrf: csrf, distribution: 'bookworm-test-unstable', to: 'bookworm-test-unstable', options: 'ignore' }, cookie);
    expect(bare.status).toBe(400);
    expect(calls).toEqual([]);
  });

  it("shows debdiff's text escaped on the debdiff page, to anyone; a version never installed is a 404, a malformed one a 400", async () => {
    const response = await page('/packages/hello/debdiff?repository=test&a=1.0-1&b=1.0-2');
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('<pre id="debdiff" class="log">+  * &lt;script>alert(1)&lt;/script>');
    expect(calls.map((call) => call.args)).toEqual([['test', 'hello', '1.0-1', '1.0-2']]);
    const unknown = await page('/packages/hello/debdiff?repository=test&a=0.1-1&b=1.0-2');
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toContain('hello 0.1-1 was never installed in test');
    expect((await page('/packages/hello/debdiff?repository=test&a=not%20a%20version&b=1.0-2')).status).toBe(400);
    expect((await page('/packages/hello/debdiff?repository=test&a=1.0-1')).status).toBe(400);
  });
});
