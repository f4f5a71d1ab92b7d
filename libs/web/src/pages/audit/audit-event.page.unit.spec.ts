import type { RecordedEvent } from '@mbd/events';
import { describe, expect, it } from 'vitest';
import type { PageContext } from '../page-context.js';
import { renderAuditEventPage, type AuditEventData } from './audit-event.page.js';
import { IMG, SCRIPT, unescapedHostile } from './audit-samples.fixture.js';

const context: PageContext = { path: '/audit/7' };

const HASH_6 = 'a'.repeat(64);
const HASH_7 = 'b'.repeat(64);

const received: RecordedEvent = {
  type: 'UploadReceived',
  version: 1,
  data: {
    uploadId: 'u7',
    changes: { name: 'hello_1.0-1_amd64.changes', sha256: 'c'.repeat(64), size: 1200 },
    files: [],
    source: 'hello',
    version: '1.0-1',
    distribution: 'unstable',
    architectures: ['source'],
    changedBy: `Mallory ${SCRIPT} ${IMG}`,
    signedBy: null,
    via: 'http',
  },
  metadata: { actor: { kind: 'user', name: 'admin' }, correlationId: `corr-${IMG}`, causationId: 'cause-1', occurredAt: '2026-11-30T19:37:11.000Z' },
  id: 'e7e7e7e7-0000-4000-8000-000000000007',
  streamId: 'upload-u7',
  streamVersion: 0,
  position: 7,
  prevHash: HASH_6,
  hash: HASH_7,
};

const data = (overrides: Partial<AuditEventData> = {}): AuditEventData => ({
  event: received,
  actor: 'user:admin',
  source: 'hello',
  previous: { position: 6, hash: HASH_6 },
  next: 8,
  causationPosition: 5,
  repositories: ['test'],
  ...overrides,
});

const text = (html: string, id: string): string => new RegExp(`id="${id}"[^>]*>([\\s\\S]*?)</`).exec(html)?.[1] ?? '';

describe('an event page', () => {
  it('shows the facts the log records: type, stream, stream version, position, time, actor, correlation, causation', () => {
    const html = renderAuditEventPage(context, data());
    expect(html).toContain('<title>Event 7: UploadReceived · mbd</title>');
    expect(html).toMatch(/<dt>Stream<\/dt><dd class="mono">upload-u7<\/dd>/);
    expect(html).toMatch(/<dt>Stream version<\/dt><dd>0<\/dd>/);
    expect(html).toMatch(/<dt>Position<\/dt><dd>7<\/dd>/);
    expect(html).toContain('<time datetime="2026-11-30T19:37:11.000Z"');
    expect(html).toContain('<a href="/audit?actor=user%3Aadmin">user:admin</a>');
    expect(html).toContain(`<a href="/audit?${new URLSearchParams({ correlation: `corr-${IMG}` }).toString().replaceAll('&', '&amp;')}" id="event-correlation">`);
    expect(html).toContain('<a href="/audit/5">event 5 <code class="hash">cause-1</code></a>');
    expect(html).toContain('href="/packages/hello"');
    expect(html).toContain('href="/uploads/u7"');
  });

  it('shows its hash and the previous hash, and whether that is the previous event’s', () => {
    const html = renderAuditEventPage(context, data());
    expect(text(html, 'event-hash')).toBe(HASH_7);
    expect(text(html, 'event-prev-hash')).toBe(HASH_6);
    expect(html).toContain('the hash of event 6.');
    const relinked = renderAuditEventPage(context, data({ previous: { position: 6, hash: 'd'.repeat(64) } }));
    expect(relinked).toContain(`does not match the hash of event 6: <code class="hash">${'d'.repeat(64)}</code>`);
  });

  it('links the archive of each repository just after the event, and the neighbouring events', () => {
    const html = renderAuditEventPage(context, data({ repositories: ['test', 'other'] }));
    expect(html).toContain('<a href="/archive/test/7/">test</a>');
    expect(html).toContain('<a href="/archive/other/7/">other</a>');
    expect(html).toContain('<a href="/audit/6">← Event 6</a>');
    expect(html).toContain('<a href="/audit/8" rel="next">Event 8 →</a>');
    const last = renderAuditEventPage(context, data({ next: undefined, previous: undefined, repositories: [] }));
    expect(last).toContain('no later event yet');
    expect(last).not.toContain('/archive/');
  });

  it('shows the data as pretty-printed JSON text, escaped', () => {
    const html = renderAuditEventPage(context, data());
    expect(text(html, 'event-data')).toContain('\n  &quot;uploadId&quot;: &quot;u7&quot;,\n');
    expect(unescapedHostile(html)).toEqual([]);
    expect(text(html, 'event-data')).toContain('Mallory &lt;script>alert(1)&lt;/script> \\&quot;>&lt;img src=x onerror=alert(1)>');
  });

  it('shows a causation that is no event of its story as its id', () => {
    const html = renderAuditEventPage(context, data({ causationPosition: undefined }));
    expect(text(html, 'event-causation')).toContain('<code class="hash">cause-1');
  });

  it("hides a person's e-mail address from anyone but an admin", () => {
    const registered: RecordedEvent = { ...received, type: 'UserRegistered', streamId: 'user-joe', data: { name: 'joe', email: 'joe@example.org' } };
    const anonymous = renderAuditEventPage(context, data({ event: registered }));
    expect(anonymous).not.toContain('joe@example.org');
    expect(text(anonymous, 'event-data')).toContain('(hidden)');
    const admin = { name: 'admin', role: 'admin', session: 's', principal: { name: 'admin', role: 'admin', via: 'session' } } as unknown as NonNullable<PageContext['viewer']>;
    expect(renderAuditEventPage({ ...context, viewer: admin }, data({ event: registered }))).toContain('joe@example.org');
  });
});
