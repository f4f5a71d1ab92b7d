import { PackagePorted, UploadReceived, UploadRetried, UploadRetryRefused } from '@mbd/events';
import { describe, expect, it } from 'vitest';
import type { PageContext } from '../page-context.js';
import { accepted, at, elementById, HOSTILE, HOSTILE_ATTRIBUTE, received, rejected, textOf } from './story.fixture.js';
import { portOriginOf } from './upload-lineage.js';
import { uploadFacts } from './upload-story.js';
import { renderUploadPage } from './upload.page.js';
import { adminViewer } from '../session/viewer.fixture.js';

const anonymous: PageContext = { path: '/uploads/u2' };
const signedIn: PageContext = { path: '/uploads/u2', viewer: adminViewer('s1'), csrf: 'csrf-token-1' };
const admin = { kind: 'user' as const, name: 'admin' };
const metadata = { actor: admin, correlationId: 'c', occurredAt: '2026-11-30T12:00:00.000Z' };

const rejectedStory = [at(1, received('u2', '0.9-1')), at(2, rejected('u2', ['Key not allowed']))];
const retried = at(5, UploadRetried.create({ uploadId: 'u2', retryUploadId: 'u2.retry1', source: 'hello', version: '0.9-1', reason: `key added ${HOSTILE}` }, metadata), admin);
const refused = at(7, UploadRetryRefused.create({ uploadId: 'u2', reasons: [`upload u2.retry1 is still alive ${HOSTILE_ATTRIBUTE}`] }, metadata), admin);
const ported = (to: string, version = '1.0-1~test12+1', from = 'bookworm-test-unstable') =>
  PackagePorted.create({ from, to, kind: from.startsWith('http') ? 'external' : 'internal', source: 'hello', fromVersion: '1.0-1', version, options: ['lintian-mode=ignore'] }, metadata);

/** The POST forms of a page with a confirmation (not the sign-out form): action and inner HTML. */
const forms = (html: string) => [...html.matchAll(/<form method="post" action="([^"]+)" class="inline" data-confirm="[^"]+">(.*?)<\/form>/g)].map((match) => ({ action: match[1]!, body: match[2]! }));

describe('the upload page: retries and ports', () => {
  it('offers a signed-in viewer to retry a rejected or failed upload, a confirmed POST with the CSRF token and an optional reason', () => {
    const html = renderUploadPage(signedIn, { uploadId: 'u2', state: 'rejected', story: rejectedStory });
    expect(forms(html)).toEqual([
      {
        action: '/uploads/u2/retry',
        body: expect.stringContaining('<input type="hidden" name="_csrf" value="csrf-token-1"/>') as string,
      },
    ]);
    expect(forms(html)[0]!.body).toContain('name="reason"');
    expect(elementById(html, 'section', 'retry')).toContain('<button type="submit">Retry this upload</button>');
  });

  it('offers no retry to a reader who is not signed in, nor for an upload that is neither rejected nor failed', () => {
    expect(forms(renderUploadPage(anonymous, { uploadId: 'u2', state: 'rejected', story: rejectedStory }))).toEqual([]);
    const installed = [at(1, received()), at(2, accepted())];
    expect(forms(renderUploadPage(signedIn, { uploadId: 'u1', state: 'installed', story: installed }))).toEqual([]);
  });

  it('links the retries both ways: retried as (with the reason), retry of, and shows a refused retry with its reasons, escaped', () => {
    for (const context of [anonymous, signedIn]) {
      const html = renderUploadPage(context, { uploadId: 'u2', state: 'rejected', story: [...rejectedStory, retried, refused] });
      expect(elementById(html, 'dd', 'retried-as')).toContain('<a href="/uploads/u2.retry1">u2.retry1</a>');
      expect(elementById(html, 'dd', 'retried-as')).toContain('(key added &lt;script>alert(1)&lt;/script>)');
      expect(textOf(elementById(html, 'dd', 'retry-refused'))).toContain('upload u2.retry1 is still alive');
      const story = elementById(html, 'ol', 'story');
      expect(story).toContain('<li data-type="UploadRetried" data-position="5">');
      expect(textOf(story)).toContain('Retried hello 0.9-1 as upload u2.retry1');
      expect(textOf(story)).toContain('Retry refused');
      expect(html).not.toContain(HOSTILE);
      expect(html).not.toContain(HOSTILE_ATTRIBUTE);
      expect(html).not.toMatch(/<img/i);
    }
    const retry = UploadReceived.create({ ...(received('u2.retry1', '0.9-1').data as UploadReceived['data']), via: 'api', retryOf: 'u2' }, metadata);
    const html = renderUploadPage(anonymous, { uploadId: 'u2.retry1', story: [at(6, retry, admin)] });
    expect(elementById(html, 'dd', 'retry-of')).toContain('<a href="/uploads/u2">u2</a>');
  });

  it('finds the port an upload carries on (same source, version and distribution) and shows its origin', () => {
    const story = [at(20, UploadReceived.create({ ...(received('p1', '1.0-1~test12+1').data as UploadReceived['data']), distribution: 'bookworm-test-hotfix' }, metadata))];
    const facts = uploadFacts(story);
    const candidates = [at(10, ported('bookworm-test-hotfix')), at(11, ported('bookworm-test-experimental')), at(12, ported('bookworm-test-hotfix', '9.9'))];
    const origin = portOriginOf(facts, candidates);
    expect(origin?.event.position).toBe(10);
    expect(portOriginOf(facts, candidates.slice(1))).toBeUndefined();
    const html = renderUploadPage(anonymous, { uploadId: 'p1', story, portOrigin: origin! });
    const dd = elementById(html, 'dd', 'port-origin');
    expect(textOf(dd)).toContain('hello 1.0-1 from bookworm-test-unstable, options lintian-mode=ignore');
    expect(dd).toContain('<a href="/audit/10">event 10</a>');
    const external = portOriginOf(facts, [at(13, ported('bookworm-test-hotfix', '1.0-1~test12+1', `https://example.org/${HOSTILE_ATTRIBUTE}/hello_1.0-1.dsc`))]);
    const externalHtml = renderUploadPage(anonymous, { uploadId: 'p1', story, portOrigin: external! });
    expect(textOf(elementById(externalHtml, 'dd', 'port-origin'))).toContain('from https://example.org/');
    expect(externalHtml).not.toMatch(/<img/i);
  });
});
