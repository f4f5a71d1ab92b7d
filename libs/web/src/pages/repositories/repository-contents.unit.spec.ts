import { describe, expect, it } from 'vitest';
import { byDistribution, distributionViews, packagesPage, summarizeRepository } from './repository-contents.js';
import { sampleRepository, sampleSource } from './sample-repository.fixture.js';

const unstable = 'bookworm-test-unstable';

describe('repository contents', () => {
  it('pages a distribution’s sources by name, keyset after the last name shown', () => {
    const rows = ['c', 'a', 'e', 'b', 'd'].map((name) => sampleSource(unstable, name, '1.0'));
    const first = packagesPage(rows, undefined, 2);
    expect(first).toMatchObject({ total: 5, next: 'b' });
    expect(first.rows.map((row) => row.source)).toEqual(['a', 'b']);
    expect(first.after).toBeUndefined();
    const second = packagesPage(rows, 'b', 2);
    expect(second.rows.map((row) => row.source)).toEqual(['c', 'd']);
    expect(second).toMatchObject({ after: 'b', next: 'd' });
    const last = packagesPage(rows, 'd', 2);
    expect(last.rows.map((row) => row.source)).toEqual(['e']);
    expect(last.next).toBeUndefined();
  });

  it('gives each distribution its settings, its sources and the size of each rollback', () => {
    const state = byDistribution([
      sampleSource(unstable, 'hello', '1.1'),
      sampleSource(`${unstable}-rollback0`, 'hello', '1.0'),
      sampleSource('bookworm-test-testing', 'hello', '1.0'),
      sampleSource('bookworm-other-unstable', 'stranger', '9'),
    ]);
    const views = distributionViews(sampleRepository, state);
    expect(views.map((view) => view.settings.name)).toEqual([
      'bookworm-test-experimental',
      unstable,
      'bookworm-test-testing',
      'bookworm-test-stable',
    ]);
    const view = views[1]!;
    expect(view.settings).toMatchObject({ uploadable: true, migratesTo: 'bookworm-test-testing', rollbacks: 2, lintian: 'errfail' });
    expect(view.packages.rows).toEqual([{ source: 'hello', version: '1.1', position: 7, since: '2026-11-30T12:00:00.000Z' }]);
    expect(view.rollbacks).toEqual([
      { name: `${unstable}-rollback0`, sources: 1 },
      { name: `${unstable}-rollback1`, sources: 0 },
    ]);
  });

  it('pages only the distribution named in the query', () => {
    const state = byDistribution(['a', 'b', 'c'].flatMap((name) => [sampleSource(unstable, name, '1'), sampleSource('bookworm-test-testing', name, '1')]));
    const views = distributionViews(sampleRepository, state, { distribution: unstable, after: 'a' });
    expect(views[1]!.packages.rows.map((row) => row.source)).toEqual(['b', 'c']);
    expect(views[2]!.packages.rows.map((row) => row.source)).toEqual(['a', 'b', 'c']);
  });

  it('counts distinct sources of its own distributions, rollbacks and other repositories left out', () => {
    const state = byDistribution([
      sampleSource(unstable, 'hello', '1.1'),
      sampleSource('bookworm-test-testing', 'hello', '1.0'),
      sampleSource('bookworm-test-testing', 'world', '2.0'),
      sampleSource(`${unstable}-rollback0`, 'gone', '0.9'),
      sampleSource('bookworm-other-unstable', 'stranger', '9'),
    ]);
    expect(summarizeRepository(sampleRepository, state)).toEqual({
      id: 'test',
      layout: 'Default',
      codenames: ['bookworm'],
      suites: ['experimental', 'unstable', 'testing', 'stable'],
      sources: 2,
      distributions: [
        { name: 'bookworm-test-experimental', sources: 0 },
        { name: unstable, sources: 1 },
        { name: 'bookworm-test-testing', sources: 2 },
        { name: 'bookworm-test-stable', sources: 0 },
      ],
    });
  });
});
