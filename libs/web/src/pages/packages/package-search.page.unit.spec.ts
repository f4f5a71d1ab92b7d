import { describe, expect, it } from 'vitest';
import type { PageContext } from '../page-context.js';
import { elementById, textOf } from '../uploads/story.fixture.js';
import { renderPackageSearchPage } from './package-search.page.js';

const context: PageContext = { path: '/packages' };
const packages = [
  { source: 'hello', placements: [{ distribution: 'bookworm-test-unstable', version: '2.0-1' }, { distribution: 'bookworm-test-testing', version: '1.0-1' }] },
  { source: 'libhello', placements: [{ distribution: 'bookworm-test-unstable', version: '2.0-1' }] },
];

describe('the package search page', () => {
  it('has a search box in a GET form that works without JavaScript, and updates as one types with htmx', () => {
    const html = renderPackageSearchPage(context, { q: 'hel', packages, found: 2 });
    const form = html.slice(html.indexOf('<form method="get" action="/packages"'), html.indexOf('</form>'));
    expect(form).toContain('<input type="search" name="q" value="hel"');
    expect(form).toMatch(/aria-label="[^"]+"/);
    expect(form).toContain('hx-get="/packages"');
    expect(form).toContain('hx-select="#results"');
    expect(form).toContain('<button type="submit">Search</button>');
  });

  it('lists each package found with its version in each distribution, linked to its tracker', () => {
    const html = renderPackageSearchPage(context, { q: 'hel', packages, found: 2 });
    const table = elementById(html, 'table', 'packages');
    expect([...table.matchAll(/<tr data-source="([^"]+)"/g)].map((match) => match[1])).toEqual(['hello', 'libhello']);
    expect(table).toContain('<a href="/packages/hello">hello</a>');
    expect(textOf(table)).toContain('bookworm-test-testing: 1.0-1');
    expect(textOf(html)).toContain('2 source package(s) whose name contains “hel”.');
  });

  it('pages a long list by name, keeping the query', () => {
    const html = renderPackageSearchPage(context, { q: 'h', packages, found: 120, after: 'aaa', nextAfter: 'libhello' });
    expect(html).toContain('<a href="/packages?q=h&amp;after=libhello" rel="next">Next →</a>');
    expect(html).toContain('<a href="/packages?q=h">← First</a>');
  });

  it('says when nothing is found, and escapes the query', () => {
    const html = renderPackageSearchPage(context, { q: '"><img src=x onerror=alert(1)>', packages: [], found: 0 });
    expect(html).not.toMatch(/<img/i);
    expect(html).toContain('value="&quot;>&lt;img src=x onerror=alert(1)>"');
    expect(html).not.toContain('id="packages"');
    expect(textOf(html)).toContain('No source package name contains');
  });
});
