import type { BuildQueueItem } from '@mbd/projections';
import { describe, expect, it } from 'vitest';
import type { PageContext } from '../page-context.js';
import { renderBuildsPage, type BuildsData } from './builds.page.js';

const item = (buildId: string, overrides: Partial<BuildQueueItem> = {}): BuildQueueItem => ({
  buildId,
  uploadId: buildId.replace(/-amd64-\d+$/, ''),
  uploader: 'key:AAAA',
  source: 'hello',
  version: '1-1',
  distribution: 'bookworm-test-unstable',
  architecture: 'amd64',
  archAll: true,
  optional: false,
  attempt: 1,
  state: 'needs-build',
  reason: null,
  builder: null,
  requestedPosition: 1,
  requestedAt: '2026-11-30T10:00:00.000Z',
  startedAt: null,
  finishedAt: null,
  queuePosition: null,
  ...overrides,
});

const data = (overrides: Partial<BuildsData> = {}): BuildsData => ({
  filter: {},
  queue: [
    item('r-amd64-1', { state: 'building', builder: 'local', startedAt: '2026-11-30T10:01:00.000Z' }),
    item('w-amd64-1', { state: 'needs-build', queuePosition: 1, source: '<script>alert(1)</script>' }),
    item('d-amd64-1', { state: 'dep-wait', reason: 'build dependencies not installable: "><img src=x onerror=alert(1)>' }),
  ],
  history: [item('f-amd64-1', { state: 'built', startedAt: '2026-11-30T09:00:00.000Z', finishedAt: '2026-11-30T10:30:00.000Z', builder: 'local' })],
  now: '2026-11-30T10:02:30.000Z',
  ...overrides,
});

const context: PageContext = { path: '/builds' };

describe('the builds page', () => {
  it('lists the queue (running, waiting with its place, dep-wait) and the history in one table, a row per build', () => {
    const html = renderBuildsPage(context, data());
    expect(html).toContain('<table id="builds"');
    const rows = [...html.matchAll(/<tr data-build="([^"]+)"/g)].map((match) => match[1]);
    expect(rows).toEqual(['r-amd64-1', 'w-amd64-1', 'd-amd64-1', 'f-amd64-1']);
    expect(html).toContain('<a href="/builds/r-amd64-1" class="mono">r-amd64-1</a>');
    expect(html).toContain('#1 in line');
    expect(html).toContain('1 min 30 s so far');
    expect(html).toContain('1 h 30 min');
    expect(html).toContain('1 running, 1 waiting.');
  });

  it('escapes upload-supplied strings', () => {
    const html = renderBuildsPage(context, data());
    expect(html).toContain('&lt;script>alert(1)&lt;/script>');
    expect(html).toContain('&quot;>&lt;img src=x onerror=alert(1)>');
    expect(html).not.toContain('<script>alert(1)');
    expect(html).not.toContain('<img src=x');
  });

  it('has a labelled GET filter form that keeps the current filter, and a link to more history', () => {
    const html = renderBuildsPage(context, data({ filter: { state: 'failed', architecture: 'i386' }, more: '/builds?state=failed&limit=250' }));
    expect(html).toContain('<form method="get" action="/builds"');
    expect(html).toMatch(/<label>State<select name="state">/);
    expect(html).toContain('<option value="failed" selected>failed</option>');
    expect(html).toMatch(/<label>Architecture<input type="text" name="architecture" value="i386"/);
    expect(html).toContain('<a href="/builds">Clear the filters</a>');
    expect(html).toContain('<a href="/builds?state=failed&amp;limit=250" rel="next">More finished builds</a>');
  });

  it('says so when nothing waits and nothing finished', () => {
    const html = renderBuildsPage(context, data({ queue: [], history: [] }));
    expect(html).toContain('No build is running or waiting.');
    expect(html).toContain('No finished build.');
    expect(html).not.toContain('More finished builds');
  });

  it('says why a waiting build has no builder', () => {
    const html = renderBuildsPage(context, data({ waitingFor: new Map([['w-amd64-1', 'no builder offers arm64 for trixie']]) }));
    const row = /<tr data-build="w-amd64-1">[\s\S]*?<\/tr>/.exec(html)?.[0] ?? '';
    expect(row).toContain('no builder offers arm64 for trixie');
    expect(html.match(/no builder offers/g)).toHaveLength(1);
  });
});
