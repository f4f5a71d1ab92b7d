import { describe, expect, it } from 'vitest';
import type { PageContext } from '../page-context.js';
import { elementById, HOSTILE, HOSTILE_ATTRIBUTE } from '../uploads/story.fixture.js';
import { renderDebdiffPage } from './debdiff.page.js';

const context: PageContext = { path: '/packages/hello/debdiff' };
const data = { repository: 'test', source: 'hello', versiona: '1.0-1', versionb: '1.0-2' };

describe('the debdiff page', () => {
  it("shows debdiff's text in a <pre>, escaped, with links to the tracker and the repository", () => {
    const text = `--- hello-1.0/debian/changelog\n+++ hello-1.0/debian/changelog\n+  * ${HOSTILE} ${HOSTILE_ATTRIBUTE}\n`;
    const html = renderDebdiffPage(context, { ...data, identical: false, debdiff: text });
    const pre = elementById(html, 'pre', 'debdiff');
    expect(pre).toContain('+++ hello-1.0/debian/changelog');
    expect(pre).toContain('&lt;script>alert(1)&lt;/script>');
    expect(html).not.toContain(HOSTILE);
    expect(html).not.toMatch(/<img/i);
    expect(html).toContain('<a href="/packages/hello">hello</a>');
    expect(html).toContain('<a href="/repositories/test">test</a>');
    expect(html).toContain('<title>debdiff hello 1.0-1 → 1.0-2');
  });

  it('says so when debdiff finds no difference', () => {
    const html = renderDebdiffPage(context, { ...data, identical: true, debdiff: '' });
    expect(html).toContain('<p id="debdiff-identical">debdiff finds no difference between them.</p>');
    expect(html).not.toContain('<pre id="debdiff"');
  });
});
