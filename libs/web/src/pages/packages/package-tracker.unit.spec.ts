import { describe, expect, it } from 'vitest';
import { accepted, at, installed, linted, migrated, received, removed, requested, restored, rotated, succeeded } from '../uploads/story.fixture.js';
import { distributionActions, findPackages, lineageOf, lineageReachesItsStart, lintianResults, placingEventTypes, uploadOfLineage } from './package-tracker.js';
import { placement, sandboxRepository } from './package-tracker.fixture.js';

const v1 = '1.0-1~test12+1';
const v2 = '2.0-1~test12+1';

describe('the package tracker', () => {
  it('offers the migrations of the configured path, removal, ports to the uploadable distributions, and restoring from a rollback unless the distribution holds a version', () => {
    const placements = [
      placement('bookworm-test-unstable', v2, 40),
      placement('bookworm-test-testing', v1, 30),
      placement('bookworm-test-stable', v1, 35),
      placement('bookworm-test-testing-rollback0', '0.9-1~test12+1', 29),
      placement('bookworm-test-unstable-rollback0', v1, 39),
      placement('bookworm-gone-unstable', v1, 5),
    ];
    const actions = distributionActions([sandboxRepository], placements);
    const portTo = ['bookworm-test-experimental', 'bookworm-test-snapshot', 'bookworm-test-unstable', 'bookworm-test-hotfix'];
    expect(actions.get('bookworm-test-unstable')).toEqual({ removable: true, portTo, migrateTo: 'bookworm-test-testing', migrateThrough: 'bookworm-test-stable' });
    expect(actions.get('bookworm-test-testing')).toEqual({ removable: true, portTo, migrateTo: 'bookworm-test-stable' });
    expect(actions.get('bookworm-test-stable')).toEqual({ removable: true, portTo });
    expect(actions.get('bookworm-test-testing-rollback0')).toEqual({ restore: { into: 'bookworm-test-testing', rollback: 0, blockedBy: v1 } });
    expect(distributionActions([sandboxRepository], [placement('bookworm-test-testing-rollback0', v1, 29)]).get('bookworm-test-testing-rollback0')).toEqual({
      restore: { into: 'bookworm-test-testing', rollback: 0 },
    });
    expect(actions.get('bookworm-gone-unstable')).toEqual({});
  });

  it('reads the lineage of a version back to its upload, through migrations and a trip to a rollback and back', () => {
    const events = [
      at(10, received()),
      at(11, accepted()),
      at(16, installed()),
      at(17, received('u2', v2)),
      at(20, migrated()),
      at(22, installed('u2', v2)),
      at(25, rotated(v1, 'bookworm-test-testing')),
      at(26, removed(v1, 'bookworm-test-testing')),
      at(28, restored(v1, 'bookworm-test-testing')),
    ];
    expect(lineageOf(placement('bookworm-test-testing', v1, 28), events).map((event) => event.position)).toEqual([10, 16, 20, 25, 28]);
    expect(lineageOf(placement('bookworm-test-testing-rollback0', v1, 25), events).map((event) => event.position)).toEqual([10, 16, 20, 25]);
    expect(lineageOf(placement('bookworm-test-unstable', v2, 22), events).map((event) => event.position)).toEqual([17, 22]);
    expect(lineageOf(placement('bookworm-test-stable', v1, 50), events)).toEqual([]);
  });

  it('tells whether a lineage reaches back to its install, and its upload', () => {
    const events = [at(10, received()), at(16, installed()), at(20, migrated()), at(25, rotated(v1, 'bookworm-test-testing')), at(28, restored(v1, 'bookworm-test-testing'))];
    const whole = lineageOf(placement('bookworm-test-testing', v1, 28), events);
    expect(lineageReachesItsStart(whole)).toBe(true);
    expect(uploadOfLineage(whole)).toBe('u1');
    // read without the install (older than what was read): the migration came from unstable, whose step is missing
    const partial = lineageOf(placement('bookworm-test-testing', v1, 28), events.slice(2));
    expect(partial.map((event) => event.position)).toEqual([20, 25, 28]);
    expect(lineageReachesItsStart(partial)).toBe(false);
    expect(uploadOfLineage(partial)).toBeUndefined();
    expect(lineageReachesItsStart([])).toBe(false);
    expect(placingEventTypes).toEqual(['PackageInstalled', 'PackageMigrated', 'PackageRestored', 'PackageRotatedToRollback']);
  });

  it('collects lintian results of the source and of each build, newest first', () => {
    const results = lintianResults([at(12, requested()), at(13, linted()), at(15, succeeded())]);
    expect(results.map(({ position, architecture, buildId, errors, warnings }) => ({ position, architecture, buildId, errors, warnings }))).toEqual([
      { position: 15, architecture: 'amd64', buildId: 'b1', errors: 1, warnings: 2 },
      { position: 13, architecture: 'source', buildId: undefined, errors: 0, warnings: 1 },
    ]);
    expect(results[0]!.tags).toHaveLength(2);
    // without its BuildRequested, a build's version and architecture come from the build queue
    const known = lintianResults([at(15, succeeded())], [{ buildId: 'b1', version: '9.9-1', architecture: 'arm64' }]);
    expect(known.map(({ position, version, architecture, buildId }) => ({ position, version, architecture, buildId }))).toEqual([
      { position: 15, version: '9.9-1', architecture: 'arm64', buildId: 'b1' },
    ]);
    expect(lintianResults([at(15, succeeded())])).toEqual([]);
    // data not of the catalogue's shape tells nothing
    const odd = (type: string, data: unknown) => ({ position: 20, type, actor: 'daemon', occurredAt: '2026-11-30T12:00:20.000Z', data });
    expect(lintianResults([at(12, requested()), odd('BuildSucceeded', { buildId: 'b1', lintian: { errors: '1', warnings: 0 } }), odd('SourceLinted', { version: 1, lintian: { errors: 0, warnings: 0 } })])).toEqual([]);
  });

  it('finds source packages by a part of their name, each once with its versions, by name', () => {
    const state = [
      { ...placement('bookworm-test-unstable', v2, 1), source: 'libhello' },
      placement('bookworm-test-unstable', v2, 2),
      placement('bookworm-test-testing', v1, 3),
      { ...placement('bookworm-test-unstable', '1', 4), source: 'world' },
    ];
    expect(findPackages(state, 'HELL')).toEqual([
      { source: 'hello', placements: [{ distribution: 'bookworm-test-unstable', version: v2 }, { distribution: 'bookworm-test-testing', version: v1 }] },
      { source: 'libhello', placements: [{ distribution: 'bookworm-test-unstable', version: v2 }] },
    ]);
    expect(findPackages(state, '').map((found) => found.source)).toEqual(['hello', 'libhello', 'world']);
  });
});
