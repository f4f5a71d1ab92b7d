import { describe, expect, it } from 'vitest';
import { renderRepositoriesPage } from './repositories.page.js';

describe('the repositories page', () => {
  const html = renderRepositoriesPage(
    { path: '/repositories' },
    {
      head: 9,
      repositories: [
        {
          id: 'test',
          layout: 'Default',
          codenames: ['bookworm', 'trixie'],
          suites: ['unstable', 'testing', 'stable'],
          sources: 3,
          distributions: [
            { name: 'bookworm-test-unstable', sources: 3 },
            { name: 'bookworm-test-testing', sources: 1 },
          ],
        },
      ],
    },
  );

  it('lists each repository with its codenames, suites and package counts in table #repositories', () => {
    expect(html).toContain('<table id="repositories" class="dense">');
    expect(html).toContain('<th scope="row"><a href="/repositories/test">test</a></th>');
    expect(html).toContain('<td>bookworm, trixie</td>');
    expect(html).toContain('<td>unstable, testing, stable</td>');
    expect(html).toContain('<a href="/repositories/test#dist-bookworm-test-testing">bookworm-test-testing</a>: 1');
  });

  it('links each repository’s page, its archive now and its snippets', () => {
    expect(html).toContain('<a href="/archive/test/9/">browse</a>');
    expect(html).toContain('<a href="/repositories/test/sources.list">sources.list</a>');
    expect(html).toContain('<a href="/repositories/test/dput.cf">dput.cf</a>');
  });

  it('says so when there is no repository', () => {
    expect(renderRepositoriesPage({ path: '/repositories' }, { head: 0, repositories: [] })).toContain('No repository is configured yet');
  });
});
