import { describe, expect, it } from 'vitest';
import { renderArchiveTreePage, type ArchiveTreeData } from './archive-tree.page.js';

const HOSTILE = '"><img src=x onerror=alert(1)>.deb';
const data: ArchiveTreeData = {
  repository: 'test',
  moment: { at: '5', position: 5, head: 9, live: false, event: { type: 'PackageInstalled', occurredAt: '2026-11-30T12:00:00.000Z' } },
  segments: ['pool', 'main', 'h'],
  entries: [
    { name: 'hello', directory: true, size: 0 },
    { name: 'hello_1.0.dsc', directory: false, size: 2048 },
    { name: HOSTILE, directory: false, size: 10 },
  ],
};

describe('the archive tree page', () => {
  const html = renderArchiveTreePage({ path: '/archive/test/5/pool/main/h/' }, data);

  it('says which moment it shows, with links to its event and to the diff against now', () => {
    expect(html).toContain('The archive as it was just after event <a href="/audit/5">5</a>');
    expect(html).toContain('<time datetime="2026-11-30T12:00:00.000Z"');
    expect(html).toContain('PackageInstalled');
    expect(html).toContain('the log is at 9 now');
    expect(html).toContain('<a href="/archive/test/diff?from=5&amp;to=">What changed since then</a>');
  });

  it('links directories to the archive pages and files to the delivery at that position, with human sizes', () => {
    expect(html).toContain('<a href="/archive/test/5/pool/main/h/hello/">hello/</a>');
    expect(html).toContain('<a href="/repositories/test/@5/pool/main/h/hello_1.0.dsc">hello_1.0.dsc</a>');
    expect(html).toContain('<td title="2048 bytes">2.0 KiB</td>');
    expect(html).toContain('<a href="/archive/test/5/pool/main/" rel="up">');
    expect(html).toContain('<a href="/archive/test/5/">test</a>');
  });

  it('escapes file names', () => {
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&quot;>&lt;img src=x onerror=alert(1)>.deb');
    expect(html).toContain(`href="/repositories/test/@5/pool/main/h/${encodeURIComponent(HOSTILE)}"`);
  });

  it('offers the time-travel picker', () => {
    expect(html).toContain('<form method="get" action="/archive/test" id="time-travel"');
  });

  it('says when it shows the live tree at the head, and pages long directories', () => {
    const live = renderArchiveTreePage(
      { path: '/archive/test/9/' },
      { ...data, moment: { ...data.moment, at: '9', position: 9, live: true }, segments: [], entries: [{ name: 'dists', directory: true, size: 0 }], next: 'dists' },
    );
    expect(live).toContain(', the head of the log (the live tree).');
    expect(live).toContain('<a href="/archive/test/9/?after=dists" rel="next">');
  });
});
