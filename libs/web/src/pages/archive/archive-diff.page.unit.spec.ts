import { describe, expect, it } from 'vitest';
import { renderArchiveDiffPage, type ArchiveDiffData } from './archive-diff.page.js';

const SCRIPT = '<script>alert(1)</script>';
const data: ArchiveDiffData = {
  repository: 'test',
  diff: {
    from: { at: '3', position: 3, occurredAt: '2026-11-30T10:00:00.000Z' },
    to: { at: '9', position: 9, occurredAt: '2026-11-30T12:00:00.000Z', now: true },
    distributions: [
      {
        name: 'bookworm-test-unstable',
        entries: [
          {
            distribution: 'bookworm-test-unstable',
            source: 'hello',
            change: 'replaced',
            before: '1.0',
            after: '1.1',
            causes: [
              { position: 7, type: 'PackageInstalled', occurredAt: '2026-11-30T11:00:00.000Z', actor: { kind: 'user', name: SCRIPT }, correlationId: 'c', uploadId: 'upload-2' },
            ],
          },
        ],
      },
      {
        name: 'bookworm-test-testing',
        entries: [
          {
            distribution: 'bookworm-test-testing',
            source: 'hello',
            change: 'left',
            before: '1.0',
            causes: [{ position: 8, type: 'PackageRemoved', occurredAt: '2026-11-30T11:30:00.000Z', actor: { kind: 'daemon' }, correlationId: 'c' }],
          },
        ],
      },
    ],
  },
};

describe('the archive diff page', () => {
  const html = renderArchiveDiffPage({ path: '/archive/test/diff' }, data);

  it('shows a table per distribution with what entered and left, linked to the package tracker and the events', () => {
    expect(html).toContain('<table class="dense" id="diff-bookworm-test-unstable">');
    expect(html).toContain('<table class="dense" id="diff-bookworm-test-testing">');
    expect(html).toContain('<a href="/packages/hello">hello</a>');
    expect(html).toMatch(/<td>replaced<\/td><td>1\.0<\/td><td>1\.1<\/td>/);
    expect(html).toMatch(/<td>left<\/td><td>1\.0<\/td><td>–<\/td>/);
    expect(html).toContain('<a href="/audit/7">#7 PackageInstalled</a>');
    expect(html).toContain('<a href="/uploads/upload-2">upload-2</a>');
    expect(html).toContain('by mbd');
  });

  it('names both moments with their events and links to browse each', () => {
    expect(html).toContain('From event <a href="/audit/3">3</a>');
    expect(html).toContain('<a href="/archive/test/3/">browse</a>');
    expect(html).toContain('<a href="/archive/test/9/">browse</a>');
    expect(html).toContain(', now');
    expect(html).toContain('<input type="text" id="archive-diff-from" name="from" value="3" required');
  });

  it('escapes actors', () => {
    expect(html).not.toContain(SCRIPT);
    expect(html).toContain('by &lt;script>alert(1)&lt;/script>');
  });

  it('shows the form alone before two moments are named, and says when nothing changed', () => {
    const empty = renderArchiveDiffPage({ path: '/archive/test/diff' }, { repository: 'test' });
    expect(empty).toContain('<form method="get" action="/archive/test/diff" id="archive-diff-form"');
    expect(empty).not.toContain('id="archive-diff"');
    const same = renderArchiveDiffPage({ path: '/archive/test/diff' }, { repository: 'test', diff: { ...data.diff!, distributions: [] } });
    expect(same).toContain('Nothing entered or left any distribution of test between these two moments.');
  });
});
