import { describe, expect, it } from 'vitest';
import { renderFragment } from '../render.js';
import type { PageContext } from '../page-context.js';
import { elementById, HOSTILE, HOSTILE_ATTRIBUTE, textOf, uploadItem } from './story.fixture.js';
import { toUploadSummary } from './upload-summary.js';
import { RecentUploads, renderUploadsPage, type UploadSummary } from './uploads.page.js';

const context: PageContext = { path: '/uploads' };
const uploads: UploadSummary[] = [
  {
    uploadId: 'u2',
    source: 'hello',
    version: '0.9-1',
    distribution: 'unstable',
    state: 'rejected',
    reasons: [`Key may not upload ${HOSTILE}`, 'Version too old'],
    changedBy: `Mallory ${HOSTILE_ATTRIBUTE}`,
    receivedAt: '2026-11-30T12:00:31.000Z',
  },
  { uploadId: 'u1', source: 'hello', version: '1.0-1', distribution: 'bookworm-test-unstable', state: 'installed', changedBy: 'Alice <a@example.org>', receivedAt: '2026-11-30T12:00:10.000Z' },
  { uploadId: 'u0', state: 'rejected', reasons: ['Unparsable .changes'], receivedAt: '2026-11-30T11:00:00.000Z' },
];

describe('the uploads page', () => {
  it('lists the uploads newest first, each row naming its upload, with state and reasons', () => {
    const html = renderUploadsPage(context, { filter: {}, uploads });
    const table = elementById(html, 'table', 'uploads');
    expect([...table.matchAll(/<tr data-upload="([^"]+)"/g)].map((match) => match[1])).toEqual(['u2', 'u1', 'u0']);
    expect(table).toContain('<a href="/uploads/u1">hello 1.0-1</a>');
    expect(table).toContain('<a href="/packages/hello">package</a>');
    expect(table).toContain('<a href="/uploads/u0">u0</a>');
    expect(textOf(table)).toContain('rejectedKey may not upload');
    expect(table).toContain('<li>Version too old</li>');
    expect(table).toContain('<span class="state ok">installed</span>');
    expect(table).toContain('<time datetime="2026-11-30T12:00:10.000Z"');
  });

  it('escapes what an uploader wrote (Changed-By, the reasons quoting it)', () => {
    const html = renderUploadsPage(context, { filter: {}, uploads });
    expect(html).not.toContain(HOSTILE);
    expect(html).not.toContain(HOSTILE_ATTRIBUTE);
    expect(html).not.toMatch(/<img/i);
    expect(html).toContain('Mallory &quot;>&lt;img src=x onerror=alert(1)>');
  });

  it('keeps the filters in its GET form and pages with ?before= keeping them', () => {
    const html = renderUploadsPage(context, { filter: { state: 'rejected', source: 'hel"lo', before: 40 }, uploads, nextBefore: 12 });
    expect(html).toContain('<form method="get" action="/uploads"');
    expect(html).toContain('<option value="rejected" selected>rejected</option>');
    expect(html).toContain('name="source" value="hel&quot;lo"');
    expect(html).toContain('href="/uploads?state=rejected&amp;source=hel%22lo&amp;before=12" rel="next"');
    expect(html).toContain('<a href="/uploads?state=rejected&amp;source=hel%22lo">← Newer</a>');
  });

  it('says when nothing matches and offers no paging then', () => {
    const html = renderUploadsPage(context, { filter: { source: 'nothing' }, uploads: [] });
    expect(html).toContain('No upload matches.');
    expect(html).not.toContain('id="uploads"');
    expect(html).not.toContain('Older →</a>');
  });

  it('shows an item of the uploads read model with each reason on its own, the distribution it went to or else the one it named', () => {
    expect(toUploadSummary(uploadItem({ uploadId: 'u3', state: 'rejected', distribution: null, changedBy: null, reason: 'one\ntwo' }))).toEqual({
      uploadId: 'u3',
      source: 'hello',
      version: '1.0-1~test12+1',
      distribution: 'unstable',
      state: 'rejected',
      reasons: ['one', 'two'],
      receivedAt: '2026-11-30T12:00:10.000Z',
    });
    expect(toUploadSummary(uploadItem({ uploadId: 'u0', source: null, version: null, distribution: null, changesDistribution: null }))).toEqual(
      expect.not.objectContaining({ source: expect.anything(), distribution: expect.anything() }),
    );
  });

  it('gives the home page its recent uploads with a link to all', () => {
    const html = renderFragment(RecentUploads({ uploads: [uploadItem({ uploadId: 'u2', state: 'rejected', reason: 'Version too old' }), uploadItem({ uploadId: 'u1' })] }));
    expect(html).toContain('<h2 id="recent-uploads">Recent uploads</h2>');
    expect([...html.matchAll(/<tr data-upload="([^"]+)"/g)].map((match) => match[1])).toEqual(['u2', 'u1']);
    expect(html).toContain('<li>Version too old</li>');
    expect(html).toContain('<a href="/uploads">All uploads</a>');
    expect(renderFragment(RecentUploads({ uploads: [] }))).toContain('No upload yet.');
  });
});
