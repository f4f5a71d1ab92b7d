import type { BuildQueueItem } from '@mbd/projections';
import { describe, expect, it } from 'vitest';
import type { PageContext } from '../page-context.js';
import { renderBuildPage, type BuildPageData } from './build.page.js';
import { tailLines } from './build-log.js';
import { adminViewer } from '../session/viewer.fixture.js';

const hostile = '<script>alert(1)</script>';
const breakout = '"><img src=x onerror=alert(1)>';

const build = (overrides: Partial<BuildQueueItem> = {}): BuildQueueItem => ({
  buildId: 'u1-amd64-1',
  uploadId: 'u1',
  uploader: `Eve ${breakout}`,
  source: 'hello',
  version: '2.10-1',
  distribution: 'bookworm-test-unstable',
  architecture: 'amd64',
  archAll: true,
  optional: false,
  attempt: 1,
  state: 'failed',
  reason: `sbuild: attempted at stage build: ${hostile}`,
  builder: 'local',
  requestedPosition: 3,
  requestedAt: '2026-11-30T10:00:00.000Z',
  startedAt: '2026-11-30T10:01:00.000Z',
  finishedAt: '2026-11-30T10:04:30.000Z',
  queuePosition: null,
  ...overrides,
});

const data = (overrides: Partial<BuildPageData> = {}): BuildPageData => {
  const item = overrides.build ?? build();
  return {
    build: item,
    attempts: [item],
    chroot: 'mbd-bookworm-amd64',
    status: 'attempted',
    events: [
      { position: 3, type: 'BuildRequested', occurredAt: '2026-11-30T10:00:00.000Z', actor: 'daemon', buildId: item.buildId },
      { position: 4, type: 'BuildStarted', occurredAt: '2026-11-30T10:01:00.000Z', actor: 'daemon', buildId: item.buildId },
    ],
    live: false,
    now: '2026-11-30T10:05:00.000Z',
    ...overrides,
  };
};

const anonymous: PageContext = { path: '/builds/u1-amd64-1' };
const signedIn: PageContext = { path: '/builds/u1-amd64-1', viewer: adminViewer(), csrf: 'csrf-token-1' };

describe('the build page', () => {
  it('shows the facts with links to the package and the upload, and the reason of the failure, escaped', () => {
    const html = renderBuildPage(anonymous, data());
    expect(html).toContain('<a href="/packages/hello">2.10-1</a>');
    expect(html).toContain('href="/uploads/u1"');
    expect(html).toContain('bookworm-test-unstable');
    expect(html).toContain('mbd-bookworm-amd64');
    expect(html).toContain('3 min 30 s');
    expect(html).toContain('sbuild: attempted at stage build: &lt;script>alert(1)&lt;/script>');
    expect(html).toContain('Eve &quot;>&lt;img src=x onerror=alert(1)>');
    expect(html).not.toContain(hostile);
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('<a href="/audit/4">#4</a>');
  });

  it('shows a stored log as text: markup and a closing </pre> in it stay text', () => {
    const log = `+------+\n| Build |\n+------+\n${hostile}\n</pre><p id="x">${breakout}\n`;
    const html = renderBuildPage(anonymous, data({ log: { tail: tailLines(Buffer.from(log)), phases: { stages: [{ name: 'Build', line: 2, lines: 4 }] } } }));
    const pre = /<pre id="build-log" class="log">([\s\S]*?)<\/pre>/.exec(html)?.[1];
    expect(pre).toContain('&lt;script>alert(1)&lt;/script>\n&lt;/pre>&lt;p id=&quot;x&quot;>&quot;>&lt;img src=x onerror=alert(1)>');
    expect(html).not.toContain('<p id="x">');
    expect(html).toContain('href="/api/builds/u1-amd64-1/log"');
    expect(html).toContain('<table id="phases"');
    expect(html).not.toContain('data-live-log');
  });

  it('says how much of a long log it leaves out', () => {
    const log = Buffer.from(Array.from({ length: 2500 }, (_, index) => `line ${index}`).join('\n'));
    const html = renderBuildPage(anonymous, data({ log: { tail: tailLines(log), phases: { stages: [] } } }));
    expect(html).toContain('The log has 2500 lines');
    expect(html).toContain('the last 2000 are shown');
    expect(html).not.toContain('line 499\n');
    expect(html).toContain('line 500\n');
  });

  it('streams the log of a running build, with a status line and a note for readers without JavaScript', () => {
    const running = build({ state: 'building', finishedAt: null, reason: null });
    const html = renderBuildPage(anonymous, data({ build: running, attempts: [running], status: undefined, live: true }));
    expect(html).toContain('<pre id="build-log" class="log" data-live-log="/api/builds/u1-amd64-1/log/stream" data-live-status="build-log-status"');
    expect(html).toContain('<p id="build-log-status" role="status">Live:');
    expect(html).toContain('<noscript>');
    expect(html).toContain('4 min 0 s so far');
  });

  it('has no live log for a build that runs elsewhere or waits', () => {
    const remote = build({ state: 'building', builder: 'far-away', finishedAt: null, reason: null });
    expect(renderBuildPage(anonymous, data({ build: remote, attempts: [remote] }))).not.toContain('data-live-log');
    const waiting = build({ state: 'needs-build', startedAt: null, finishedAt: null, reason: null, queuePosition: 2 });
    const html = renderBuildPage(anonymous, data({ build: waiting, attempts: [waiting] }));
    expect(html).not.toContain('data-live-log');
    expect(html).toContain('#2 in line');
  });

  it("lists the lintian tags of a built build's packages, escaped", () => {
    const built = build({ state: 'built', reason: null });
    const html = renderBuildPage(
      anonymous,
      data({
        build: built,
        attempts: [built],
        lintian: { errors: 1, warnings: 0, rows: [{ severity: 'error', package: 'hello', type: 'source', tag: 'bad' }, { severity: '', package: '', type: '', tag: '', raw: hostile }] },
      }),
    );
    expect(html).toContain('<table id="lintian"');
    expect(html).toContain('<tr data-severity="error"><td>error</td><td>hello</td><td>source</td><td><code>bad</code></td></tr>');
    expect(html).toContain('<code>&lt;script>alert(1)&lt;/script></code>');
  });

  it("shows a line per QA tool with its status, its summary escaped, and a link to its log", () => {
    const built = build({ state: 'built', reason: null });
    const html = renderBuildPage(
      anonymous,
      data({
        build: built,
        attempts: [built],
        qa: [
          { tool: 'piuparts', status: 'pass', summary: 'all tests passed', hasLog: true },
          { tool: 'autopkgtest', status: 'fail', summary: `command1 FAIL ${hostile}`, hasLog: false },
        ],
      }),
    );
    expect(html).toContain('<table id="qa"');
    expect(html).toContain('<tr data-status="pass"><td>piuparts</td><td>pass</td><td>all tests passed</td><td><a href="/api/builds/u1-amd64-1/qa/piuparts/log">log</a></td></tr>');
    expect(html).toContain('<tr data-status="fail"><td>autopkgtest</td><td>fail</td><td>command1 FAIL &lt;script>alert(1)&lt;/script></td><td>—</td></tr>');
    expect(renderBuildPage(anonymous, data({ build: built, attempts: [built] }))).not.toContain('<table id="qa"');
  });

  it('offers Retry after a failure and Cancel while waiting only to signed-in viewers, with the CSRF token', () => {
    expect(renderBuildPage(anonymous, data())).not.toContain('<form method="post" action="/builds/');
    const failed = renderBuildPage(signedIn, data());
    expect(failed).toContain('action="/builds/u1-amd64-1/retry"');
    expect(failed).toContain('<input type="hidden" name="_csrf" value="csrf-token-1"/>');
    expect(failed).not.toContain('/cancel"');
    const waiting = build({ state: 'needs-build', startedAt: null, finishedAt: null, reason: null, queuePosition: 1 });
    const html = renderBuildPage(signedIn, data({ build: waiting, attempts: [waiting] }));
    expect(html).toContain('action="/builds/u1-amd64-1/cancel"');
    expect(html).not.toContain('/retry"');
  });

  it('offers no action on an older attempt, and links the attempts', () => {
    const second = build({ buildId: 'u1-amd64-2', attempt: 2, state: 'failed' });
    const html = renderBuildPage(signedIn, data({ attempts: [build(), second] }));
    expect(html).not.toContain('/retry"');
    expect(html).toContain('<a href="/builds/u1-amd64-2">2</a>');
  });

  it('shows the events an action appended, with the new attempt, or the refusal in words', () => {
    const done = renderBuildPage(anonymous, data({ done: [{ position: 9, type: 'BuildRequested', occurredAt: '2026-11-30T10:06:00.000Z', actor: 'user:admin', buildId: 'u1-amd64-2' }] }));
    expect(done).toContain('<a href="/audit/9">BuildRequested #9</a>');
    expect(done).toContain('<a href="/builds/u1-amd64-2">u1-amd64-2</a>');
    const built = build({ state: 'built', reason: null });
    expect(renderBuildPage(anonymous, data({ build: built, attempts: [built], refused: 'retry' }))).toContain(
      'Retry was refused: only a failed or cancelled build can be built again, and this one is built.',
    );
  });
});
