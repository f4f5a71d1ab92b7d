import { describe, expect, it } from 'vitest';
import { sandboxRepository } from '../pages/packages/package-tracker.fixture.js';
import { dscUrlOf, poolDirectoryOf } from './pool-path.js';
import { lsOf, showOf, type Placement } from './source-listing.js';

const v1 = '1.0~test12+1';
const v2 = '2:1.1~test12+1';
const at = (distribution: string, version: string, uploadId: string | null = 'u1', component: string | null = 'main'): Placement => ({
  distribution,
  version,
  uploadId,
  since: '2026-11-30T12:00:00.000Z',
  component,
});

describe('ls and show of a source', () => {
  const placements = [
    at('bookworm-test-unstable', v2, 'u2'),
    at('bookworm-test-unstable-rollback0', v1),
    at('bookworm-test-testing', v1),
    at('bookworm-other-unstable', v1, null, null),
  ];

  it('lists each repository and distribution with its version, component and rollbacks (mini-buildd ls)', () => {
    expect(lsOf(placements)).toEqual({
      other: { 'bookworm-other-unstable': { version: v1, component: null, architecture: 'source', rollbacks: {} } },
      test: {
        'bookworm-test-testing': { version: v1, component: 'main', architecture: 'source', rollbacks: {} },
        'bookworm-test-unstable': {
          version: v2,
          component: 'main',
          architecture: 'source',
          rollbacks: { 'bookworm-test-unstable-rollback0': { version: v1, component: 'main', architecture: 'source' } },
        },
      },
    });
  });

  it('keeps the repositories, codenames and versions asked for; a distribution only its rollbacks hold has version null', () => {
    expect(Object.keys(lsOf(placements, { repositories: ['other'] }))).toEqual(['other']);
    expect(lsOf(placements, { codenames: ['trixie'] })).toEqual({});
    expect(lsOf(placements, { version: v1 }).test).toEqual({
      'bookworm-test-testing': { version: v1, component: 'main', architecture: 'source', rollbacks: {} },
      'bookworm-test-unstable': {
        version: null,
        component: null,
        architecture: 'source',
        rollbacks: { 'bookworm-test-unstable-rollback0': { version: v1, component: 'main', architecture: 'source' } },
      },
    });
    // dpkg ordering: the epoch makes v2 the greater one
    expect(lsOf(placements, { minVersion: '1.5' }).test).toEqual({
      'bookworm-test-unstable': { version: v2, component: 'main', architecture: 'source', rollbacks: {} },
    });
  });

  it('shows the .dsc URL in the pool, the upload, and whether the suite is uploadable, migrates and holds the version there already', () => {
    const shown = showOf('hello', [...placements, at('bookworm-test-stable', v1)], [sandboxRepository]);
    expect(shown.test?.['bookworm-test-unstable']).toEqual({
      version: v2,
      component: 'main',
      architecture: 'source',
      dscPath: '/repositories/test/pool/main/h/hello/hello_1.1~test12+1.dsc',
      changes: [{ uploadId: 'u2', href: '/uploads/u2' }],
      since: '2026-11-30T12:00:00.000Z',
      uploadable: true,
      migratesTo: 'bookworm-test-testing',
      isMigrated: false,
      rollbacks: {
        'bookworm-test-unstable-rollback0': {
          version: v1,
          component: 'main',
          architecture: 'source',
          dscPath: '/repositories/test/pool/main/h/hello/hello_1.0~test12+1.dsc',
          changes: [{ uploadId: 'u1', href: '/uploads/u1' }],
          since: '2026-11-30T12:00:00.000Z',
        },
      },
    });
    expect(shown.test?.['bookworm-test-testing']).toMatchObject({ uploadable: false, migratesTo: 'bookworm-test-stable', isMigrated: true });
    expect(shown.test?.['bookworm-test-stable']).toMatchObject({ uploadable: false, migratesTo: null, isMigrated: false });
    // a repository the configuration no longer has: nothing to upload to or migrate into; no .dsc found, no upload
    expect(shown.other?.['bookworm-other-unstable']).toMatchObject({ uploadable: false, migratesTo: null, dscPath: null, changes: [] });
  });

  it('files lib sources under their first four letters, like reprepro', () => {
    expect(poolDirectoryOf('libfoo')).toBe('libf/libfoo');
    expect(dscUrlOf('test', 'contrib', 'mbd-test-all', '1.0-1')).toBe('/repositories/test/pool/contrib/m/mbd-test-all/mbd-test-all_1.0-1.dsc');
  });
});
