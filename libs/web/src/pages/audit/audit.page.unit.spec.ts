import { describe, expect, it } from 'vitest';
import type { PageContext } from '../page-context.js';
import { renderChainBadge, renderRecentEvents } from './audit-fragments.fixture.js';
import { formatUtc } from '../components/format.js';
import { renderAuditRow, utcText } from './audit-row.js';
import { acceptedHello, auditItem, IMG, rejectedHostile, SCRIPT, unescapedHostile } from './audit-samples.fixture.js';
import { renderAuditPage, type AuditPageData } from './audit.page.js';
import { adminViewer } from '../session/viewer.fixture.js';

const anonymous: PageContext = { path: '/audit' };
const signedIn: PageContext = { path: '/audit', viewer: adminViewer('session-1'), csrf: 'csrf-token-1' };

const page = (overrides: Partial<AuditPageData> = {}): AuditPageData => ({
  filters: {},
  items: [rejectedHostile(12), acceptedHello(11)],
  olderBefore: 11,
  newerAfter: null,
  liveAfter: 12,
  chain: { state: 'verified', upTo: 12, checking: false },
  ...overrides,
});

const hrefs = (html: string, text: string): string[] =>
  [...html.matchAll(/<a href="([^"]*)"(?: [a-z-]+="[^"]*")*>([^<]*)<\/a>/g)].filter((match) => match[2] === text).map((match) => match[1]!.replaceAll('&amp;', '&'));

describe('the audit log page', () => {
  it('lists each event with its position, time, type, stream, actor, what it says in words, and its links', () => {
    const html = renderAuditPage(anonymous, page());
    expect(html).toContain('<table id="events"');
    expect([...html.matchAll(/<tr data-position="(\d+)"/g)].map((match) => match[1])).toEqual(['12', '11']);
    expect(hrefs(html, '11')).toEqual(['/audit/11']);
    expect(html).toContain('<time datetime="2026-11-30T19:37:11.000Z"');
    expect(html).toContain('hello 1.0-1 → bookworm-test-unstable; builds on amd64');
    expect(html).toContain('upload-u1');
    expect(html).toContain('key:0123456789ABCDEF0123456789ABCDEF01234567');
    expect(hrefs(html, 'hello')).toContain('/packages/hello');
    expect(hrefs(html, 'upload')).toEqual(['/uploads/u2', '/uploads/u1']);
    expect(hrefs(html, 'story')).toContain('/audit?correlation=corr-u1');
  });

  it('escapes what an upload wrote, in the summary, the links and the attributes', () => {
    const html = renderAuditPage(anonymous, page());
    expect(unescapedHostile(html)).toEqual([]);
    expect(html).toContain('changelog says &lt;script>alert(1)&lt;/script>');
    expect(html).toContain('maintainer &quot;>&lt;img src=x onerror=alert(1)>');
    expect(hrefs(html, 'story')).toContain(`/audit?${new URLSearchParams({ correlation: `corr-${IMG}` }).toString()}`);
  });

  it('keeps the filters in the paging links, the form and the live tail', () => {
    const filters = { type: 'UploadRejected', source: 'hello', actor: 'user:admin', since: '2026-11-30T12:00', correlation: 'c 1&x=2' };
    const html = renderAuditPage(anonymous, page({ filters, items: [rejectedHostile(40)], olderBefore: 40, newerAfter: 40, liveAfter: undefined }));
    expect(hrefs(html, 'Older →')[0]).toBe('/audit?type=UploadRejected&source=hello&actor=user%3Aadmin&since=2026-11-30T12%3A00&correlation=c+1%26x%3D2&before=40');
    expect(hrefs(html, '← Newer')[0]).toBe('/audit?type=UploadRejected&source=hello&actor=user%3Aadmin&since=2026-11-30T12%3A00&correlation=c+1%26x%3D2&after=40');
    expect(html).toContain('<option value="UploadRejected" selected>UploadRejected</option>');
    expect(html).toContain('name="since" step="1" value="2026-11-30T12:00"');
    expect(html).toContain('name="correlation" value="c 1&amp;x=2"');
    expect(html).not.toContain('sse-connect');
    expect(hrefs(html, 'Newest events (live)')).toEqual(['/audit?type=UploadRejected&source=hello&actor=user%3Aadmin&since=2026-11-30T12%3A00&correlation=c+1%26x%3D2']);
    expect(hrefs(html, 'Clear the filters')).toEqual(['/audit']);
  });

  it('follows new events live on the first page only, with the same filters', () => {
    const html = renderAuditPage(anonymous, page({ filters: { source: 'hello' } }));
    expect(html).toMatch(/<tbody hx-ext="sse" sse-connect="\/audit\/stream\?source=hello&amp;after=12" sse-swap="message" hx-swap="afterbegin">/);
    expect(hrefs(html, '← Newer')).toEqual([]);
  });

  it('offers every event type of the catalogue as a labelled filter', () => {
    const html = renderAuditPage(anonymous, page());
    for (const type of ['UploadReceived', 'PackageMigrated', 'BuildFailed', 'EventParked', 'DaemonConfigured']) expect(html).toContain(`<option value="${type}">`);
    for (const name of ['type', 'source', 'actor', 'distribution', 'repository', 'since', 'until', 'correlation'])
      expect(html).toMatch(new RegExp(`<label>[^<]*<(?:input|select)[^>]* name="${name}"`));
    expect(html).toContain('type="datetime-local" name="until"');
  });

  it('says when nothing matches, and has no paging then', () => {
    const html = renderAuditPage(anonymous, page({ items: [], olderBefore: null, newerAfter: null }));
    expect(html).toContain('No event matches.');
    expect(html).not.toContain('Older →');
  });

  it('offers to verify the chain again only to signed-in viewers, with the CSRF token', () => {
    expect(renderAuditPage(anonymous, page())).not.toContain('action="/audit/verify"');
    const html = renderAuditPage(signedIn, page());
    expect(html).toMatch(/<form method="post" action="\/audit\/verify"[^>]*data-confirm="[^"]+"><input type="hidden" name="_csrf" value="csrf-token-1"/);
  });

  it('renders a live row as a lone, escaped <tr>', () => {
    const row = renderAuditRow(rejectedHostile(77));
    expect(row).toMatch(/^<tr data-position="77">.*<\/tr>$/s);
    expect(unescapedHostile(row)).toEqual([]);
  });

  it("writes a row's time as <Time> does, whatever form the time has", () => {
    for (const at of ['2026-11-30T19:37:11.000Z', '1999-01-02T03:04:05.678Z', '2026-11-30T19:37:11Z', '2026-11-30T20:37:11.5+01:00', '2026-02-30T00:00:00.000Z', '2024-02-29T00:00:00.000Z', '2100-02-29T00:00:00.000Z', 'not a time'])
      expect(utcText(at)).toBe(formatUtc(at));
    expect(renderAuditRow(auditItem({ position: 6, type: 'SomethingNew', data: {}, occurredAt: '2026-11-30T19:37:11.250Z' }))).toContain(
      '<time datetime="2026-11-30T19:37:11.250Z" title="2026-11-30 19:37:11 UTC">2026-11-30 19:37:11 UTC</time>',
    );
  });

  it('tells an event it cannot read by its data, escaped', () => {
    const row = renderAuditRow(auditItem({ position: 5, type: 'SomethingNew', data: { note: SCRIPT } }));
    expect(row).toContain('{&quot;note&quot;:&quot;&lt;script>alert(1)&lt;/script>&quot;}');
  });
});

describe('the hash-chain badge', () => {
  it('says up to where the chain is verified', () => {
    const html = renderChainBadge({ state: 'verified', upTo: 1234, checking: false });
    expect(html).toContain('class="badge-chain ok"');
    expect(html).toContain('hash chain verified up to <a href="/audit/1234">1234</a>');
    expect(html).not.toContain('checking');
  });

  it('says when newer events are still being checked, or could not be read', () => {
    expect(renderChainBadge({ state: 'verified', upTo: 10, checking: true })).toContain('(checking newer events…)');
    expect(renderChainBadge({ state: 'verified', upTo: 10, checking: true, error: `locked ${SCRIPT}` })).toContain(
      'newer events could not be read: locked &lt;script>',
    );
    expect(renderChainBadge({ state: 'verified', upTo: 0, checking: false })).toContain('verified up to 0 (the log is empty)');
  });

  it('says where the chain is broken, and why', () => {
    const html = renderChainBadge({ state: 'broken', position: 2, reason: 'event x (UploadReceived in upload-u1) was changed' });
    expect(html).toContain('class="badge-chain bad" role="alert"');
    expect(html).toContain('hash chain BROKEN at <a href="/audit/2">2</a>');
    expect(html).toContain('was changed');
  });
});

describe('RecentEvents', () => {
  it('shows the last events with the live tail after the newest one', () => {
    const html = renderRecentEvents([rejectedHostile(9), acceptedHello(8)], 9);
    expect(html).toContain('<table id="recent-events"');
    expect(html).toContain('sse-connect="/audit/stream?after=9"');
    expect([...html.matchAll(/<tr data-position="(\d+)"/g)].map((match) => match[1])).toEqual(['9', '8']);
    expect(unescapedHostile(html)).toEqual([]);
    expect(html).toContain('href="/audit"');
  });
});
