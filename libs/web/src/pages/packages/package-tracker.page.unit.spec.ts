import { ArchiveCommandRefused } from '@mbd/events';
import type { BuildQueueItem, RollbackHistoryItem } from '@mbd/projections';
import { describe, expect, it } from 'vitest';
import type { PageContext } from '../page-context.js';
import { accepted, at, elementById, HOSTILE, HOSTILE_ATTRIBUTE, installed, linted, migrated, received, rejected, removed, requested, rotated, succeeded, textOf } from '../uploads/story.fixture.js';
import { distributionActions, lineageOf, lintianResults } from './package-tracker.js';
import { placement, sandboxRepository } from './package-tracker.fixture.js';
import { renderPackageTrackerPage, type PackageTrackerData } from './package-tracker.page.js';
import { adminViewer } from '../session/viewer.fixture.js';

const v1 = '1.0-1~test12+1';
const anonymous: PageContext = { path: '/packages/hello' };
const signedIn: PageContext = { path: '/packages/hello', viewer: adminViewer('s1'), csrf: 'csrf-token-1' };

const events = [
  at(10, received()),
  at(11, accepted()),
  at(12, requested()),
  at(13, linted()),
  at(15, succeeded()),
  at(16, installed()),
  at(20, migrated(), { kind: 'user', name: 'admin' }),
  at(21, rotated(v1, 'bookworm-test-testing')),
  at(22, removed(v1, 'bookworm-test-testing')),
  at(31, rejected('u2')),
];
const placements = [placement('bookworm-test-unstable', v1, 16, 'u1'), placement('bookworm-test-testing-rollback0', v1, 21)];
const build: BuildQueueItem = {
  buildId: 'b1',
  uploadId: 'u1',
  uploader: 'key:ABCDEF0123456789ABCDEF0123456789ABCDEF01',
  source: 'hello',
  version: v1,
  distribution: 'bookworm-test-unstable',
  architecture: 'amd64',
  archAll: true,
  optional: false,
  attempt: 1,
  state: 'built',
  reason: null,
  builder: 'local',
  requestedPosition: 12,
  requestedAt: '2026-11-30T12:00:12.000Z',
  startedAt: '2026-11-30T12:00:14.000Z',
  finishedAt: '2026-11-30T12:00:15.000Z',
  queuePosition: null,
};
const rollbackStep: RollbackHistoryItem = {
  position: 21,
  distribution: 'bookworm-test-testing',
  source: 'hello',
  version: v1,
  action: 'rotated',
  rollback: 0,
  rollbacks: [v1],
  actor: 'user:admin',
  occurredAt: '2026-11-30T12:00:21.000Z',
};

const data = (extra: Partial<PackageTrackerData> = {}): PackageTrackerData => ({
  source: 'hello',
  placements,
  actions: distributionActions([sandboxRepository], placements),
  lineages: new Map(placements.map((entry) => [entry.distribution, lineageOf(entry, events)])),
  rollbacks: [rollbackStep],
  uploads: [
    { uploadId: 'u2', source: 'hello', version: '0.9-1', state: 'rejected', reasons: [`Version too old ${HOSTILE}`], changedBy: HOSTILE_ATTRIBUTE, receivedAt: '2026-11-30T12:00:30.000Z' },
    { uploadId: 'u1', source: 'hello', version: v1, distribution: 'unstable', state: 'installed', changedBy: 'Alice', receivedAt: '2026-11-30T12:00:10.000Z' },
  ],
  builds: [build],
  lintian: lintianResults(events),
  history: [...events].reverse(),
  ...extra,
});

describe('the package tracker page', () => {
  it('lists its version in each distribution, rollbacks included, with links to the upload and the event that put it there', () => {
    const html = renderPackageTrackerPage(anonymous, data());
    const versions = elementById(html, 'table', 'versions');
    expect([...versions.matchAll(/<tr data-distribution="([^"]+)"/g)].map((match) => match[1])).toEqual(['bookworm-test-unstable', 'bookworm-test-testing-rollback0']);
    expect(versions).toContain('<a href="/uploads/u1">upload</a>');
    expect(versions).toContain('<a href="/audit/16"><time datetime="2026-11-30T12:00:16.000Z"');
    expect(textOf(versions)).toContain(`hello ${v1} (amd64)`);
  });

  it('shows the lineage, the rollbacks, the uploads with their rejections, the builds with their logs and lintian', () => {
    const html = renderPackageTrackerPage(anonymous, data());
    const lineage = elementById(html, 'section', 'lineage');
    expect(textOf(lineage)).toContain(`How ${v1} came into bookworm-test-unstable`);
    expect([...lineage.matchAll(/<li data-type="(\w+)"/g)].map((match) => match[1])).toEqual([
      'UploadReceived',
      'PackageInstalled',
      'UploadReceived',
      'PackageInstalled',
      'PackageMigrated',
      'PackageRotatedToRollback',
    ]);
    expect(textOf(elementById(html, 'table', 'rollbacks'))).toContain('kept in rollback0');
    const uploads = elementById(html, 'table', 'package-uploads');
    expect(uploads).toContain('<tr data-upload="u2">');
    expect(textOf(uploads)).toContain('rejectedVersion too old');
    const builds = elementById(html, 'table', 'builds');
    expect(builds).toContain(`<a href="/builds/b1">${v1} amd64</a>`);
    expect(builds).toContain('<a href="/api/builds/b1/log">log</a>');
    const lintian = elementById(html, 'table', 'lintian');
    expect(lintian).toContain('<a href="/builds/b1">build on amd64</a>');
    expect(textOf(lintian)).toContain('the source01');
    expect(html).toContain('<a href="/audit?source=hello">Every event of hello in the audit log</a>');
    expect(elementById(html, 'ol', 'history')).toContain('<li data-type="UploadRejected">');
  });

  it('offers no form to a reader who is not signed in', () => {
    const html = renderPackageTrackerPage(anonymous, data());
    expect(html).not.toContain('<form method="post"');
    expect(html).not.toContain('Migrate to');
    expect(html).toContain('<a href="/sign-in?next=%2Fpackages%2Fhello">Sign in</a> to migrate, remove, port or restore.');
  });

  it('offers a signed-in viewer migrate, remove, port and restore, each a confirmed POST with the CSRF token', () => {
    const html = renderPackageTrackerPage(signedIn, data());
    const forms = [...html.matchAll(/<form method="post" action="([^"]+)" class="inline" data-confirm="([^"]+)">(.*?)<\/form>/g)];
    const actions = forms.map((form) => form[1]).filter((action) => action !== '/sign-out');
    expect(actions).toEqual(['/packages/hello/migrate', '/packages/hello/migrate', '/packages/hello/remove', '/packages/hello/port', '/packages/hello/rollback']);
    expect(forms).toHaveLength(5); // the sign-out form has no confirmation
    for (const form of forms) expect(form[3]).toContain('<input type="hidden" name="_csrf" value="csrf-token-1"/>');
    const unstable = html.slice(html.indexOf('<tr data-distribution="bookworm-test-unstable"'), html.indexOf('<tr data-distribution="bookworm-test-testing-rollback0"'));
    expect(unstable).toContain('<input type="hidden" name="distribution" value="bookworm-test-unstable"/><button type="submit">Migrate to bookworm-test-testing</button>');
    expect(unstable).toContain('<input type="hidden" name="full" value="on"/><button type="submit">Migrate all the way to bookworm-test-stable</button>');
    expect(unstable).toContain(`<input type="hidden" name="version" value="${v1}"/>`);
    expect(unstable).toMatch(/<input type="text" name="reason" maxlength="500" placeholder="reason \(optional\)" aria-label="[^"]+"\/>/);
    const rollback = html.slice(html.indexOf('<tr data-distribution="bookworm-test-testing-rollback0"'));
    expect(rollback).toContain('<button type="submit">Restore into bookworm-test-testing</button>');
    expect(rollback).not.toContain('Migrate to');
    expect(rollback).not.toContain('action="/packages/hello/port"');
  });

  it("offers a port of each distribution's version to the uploadable distributions of its repository, with mini-buildd's version and options", () => {
    const html = renderPackageTrackerPage(signedIn, data());
    const port = html.slice(html.indexOf('<form method="post" action="/packages/hello/port"'), html.indexOf('</form>', html.indexOf('action="/packages/hello/port"')));
    expect(port).toContain('<input type="hidden" name="_csrf" value="csrf-token-1"/>');
    expect(port).toContain('<input type="hidden" name="distribution" value="bookworm-test-unstable"/>');
    expect([...port.matchAll(/<input type="checkbox" name="to" value="([^"]+)"\/>/g)].map((match) => match[1])).toEqual([
      'bookworm-test-experimental',
      'bookworm-test-snapshot',
      'bookworm-test-unstable',
      'bookworm-test-hotfix',
    ]);
    expect(port).toContain('name="version"');
    expect(port).toContain('name="options"');
    expect(port).toContain('data-confirm="Port hello 1.0-1~test12+1 from bookworm-test-unstable to the chosen distributions?');
    expect(renderPackageTrackerPage(anonymous, data())).not.toContain('name="to"');
  });

  it("shows mini-buildd's show facts of each version and a debdiff link from each version its rollbacks keep", () => {
    const shown = new Map([
      [
        'bookworm-test-unstable',
        {
          repository: 'test',
          version: v1,
          uploadable: true,
          migratesTo: 'bookworm-test-testing',
          isMigrated: false,
          dscPath: '/repositories/test/pool/main/h/hello/hello_1.0-1~test12+1.dsc',
          rollbacks: [{ distribution: 'bookworm-test-unstable-rollback0', version: HOSTILE_ATTRIBUTE }],
        },
      ],
    ]);
    for (const context of [anonymous, signedIn]) {
      const html = renderPackageTrackerPage(context, data({ shown }));
      const unstable = html.slice(html.indexOf('<tr data-distribution="bookworm-test-unstable"'), html.indexOf('<tr data-distribution="bookworm-test-testing-rollback0"'));
      expect(textOf(unstable)).toContain('takes uploads');
      expect(textOf(unstable)).toContain('migrates to bookworm-test-testing: not migrated');
      expect(unstable).toContain('<a href="/repositories/test/pool/main/h/hello/hello_1.0-1~test12+1.dsc">.dsc</a>');
      expect(unstable).toContain(`<a href="/packages/hello/debdiff?repository=test&amp;a=%22%3E%3Cimg+src%3Dx+onerror%3Dalert%281%29%3E&amp;b=1.0-1%7Etest12%2B1">`);
      expect(unstable).not.toContain(HOSTILE_ATTRIBUTE);
      expect(unstable).not.toMatch(/<img/i);
    }
    const migrated = new Map([['bookworm-test-unstable', { ...shown.get('bookworm-test-unstable')!, isMigrated: true, rollbacks: [] }]]);
    const html = renderPackageTrackerPage(anonymous, data({ shown: migrated }));
    expect(textOf(html)).toContain('migrates to bookworm-test-testing: migrated');
    expect(html).not.toContain('/debdiff?');
  });

  it('offers to restore from a rollback when the distribution holds no version, and names what blocks it otherwise', () => {
    const free = [placement('bookworm-test-testing-rollback0', v1, 21)];
    const html = renderPackageTrackerPage(signedIn, data({ placements: free, actions: distributionActions([sandboxRepository], free) }));
    expect(html).toContain('action="/packages/hello/rollback"');
    expect(html).toContain('<input type="hidden" name="distribution" value="bookworm-test-testing"/><input type="hidden" name="rollback" value="0"/><button type="submit">Restore into bookworm-test-testing</button>');
    const blocked = [...free, placement('bookworm-test-testing', '2.0-1~test12+1', 30)];
    const blockedHtml = renderPackageTrackerPage(signedIn, data({ placements: blocked, actions: distributionActions([sandboxRepository], blocked) }));
    expect(blockedHtml).not.toContain('action="/packages/hello/rollback"');
    expect(textOf(blockedHtml)).toContain('bookworm-test-testing holds 2.0-1~test12+1: remove it there to restore this version.');
  });

  it('shows the events an action caused, in words and linked, or the refusal with its reason', () => {
    const done = renderPackageTrackerPage(signedIn, data({ done: [{ position: 20, event: events[6]! }, { position: 99 }] }));
    const result = elementById(done, 'section', 'result');
    expect(result).toContain('role="status"');
    expect(result).toContain('<li data-type="PackageMigrated" data-position="20">');
    expect(textOf(result)).toContain(`Migrated hello ${v1} from bookworm-test-unstable to bookworm-test-testing`);
    expect(result).toContain('<a href="/audit/20">event 20</a>');
    expect(result).toContain('<a href="/audit/99">Event 99</a> is not in the audit log yet');
    const refusal = at(
      40,
      ArchiveCommandRefused.create(
        { command: 'migrate', distribution: 'bookworm-test-testing', source: 'hello', version: v1, reason: 'version-exists', message: `hello_${v1} already in bookworm-test-testing` },
        { actor: { kind: 'user', name: 'admin' }, correlationId: 'c', occurredAt: '2026-11-30T12:00:40.000Z' },
      ),
      { kind: 'user', name: 'admin' },
    );
    const refused = elementById(renderPackageTrackerPage(signedIn, data({ done: [{ position: 40, event: refusal }] })), 'section', 'result');
    expect(refused).toContain('role="alert"');
    expect(textOf(refused)).toContain(`Refused to migrate hello ${v1} in bookworm-test-testing: hello_${v1} already in bookworm-test-testing`);
  });

  it('escapes what uploaders wrote: Changed-By, reasons, lintian tags, removal reasons', () => {
    for (const context of [anonymous, signedIn]) {
      const html = renderPackageTrackerPage(context, data());
      expect(html).not.toContain(HOSTILE);
      expect(html).not.toContain(HOSTILE_ATTRIBUTE);
      expect(html).not.toMatch(/<img/i);
      expect(html).toContain('&lt;script>alert(1)&lt;/script>');
    }
  });
});
