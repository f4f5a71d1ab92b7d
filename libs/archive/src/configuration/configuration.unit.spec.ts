import { RepositoryCreated, validateEvent } from '@mbd/events';
import { describe, expect, it } from 'vitest';
import { settings, testRepository } from '../testing/fixtures.js';
import { debianDeveloperLayout, defaultLayout, defaultLayoutWithoutRollbacks } from './default-layouts.js';
import { formatDistributionName, parseDistributionName } from './distribution-name.js';
import { distributionsOf } from './distributions-of.js';
import { migrationPath } from './migration-path.js';
import { resolveDistribution } from './resolve-distribution.js';
import { sandboxConfiguration } from './sandbox-configuration.js';
import { satisfiesVersionRule } from './version-rule.js';

const fingerprint = '0123456789ABCDEF0123456789ABCDEF01234567';

describe('distribution names', () => {
  it('reads and writes <codename>-<repository>-<suite>[-rollback<N>]', () => {
    expect(parseDistributionName('bookworm-test-stable-rollback5')).toEqual({ codename: 'bookworm', repository: 'test', suite: 'stable', rollback: 5 });
    expect(parseDistributionName('bookworm-test-unstable')).toEqual({ codename: 'bookworm', repository: 'test', suite: 'unstable' });
    expect(formatDistributionName({ codename: 'bookworm', repository: 'test', suite: 'stable', rollback: 0 })).toBe('bookworm-test-stable-rollback0');
    for (const bad of ['unstable', 'bookworm-test', 'bookworm-test-unstable-rollback', 'bookworm-test-unstable-rollback01', 'Bookworm-test-unstable'])
      expect(parseDistributionName(bad)).toBeUndefined();
  });
});

describe('the Default layout', () => {
  it('has mini-buildd’s suites, flags, migrations and rollback counts', () => {
    expect(defaultLayout.suites.map(({ name, uploadable, experimental, migratesTo, rollback }) => [name, uploadable, experimental, migratesTo, rollback])).toEqual([
      ['experimental', true, true, null, 6],
      ['snapshot', true, true, null, 12],
      ['unstable', true, false, 'testing', 9],
      ['testing', false, false, 'stable', 3],
      ['hotfix', true, false, 'stable', 4],
      ['stable', false, false, null, 6],
    ]);
    expect(defaultLayout.suites.find((suite) => suite.name === 'experimental')?.butAutomaticUpgrades).toBe(false);
    expect(defaultLayoutWithoutRollbacks.suites.every((suite) => suite.rollback === 0)).toBe(true);
  });

  it('passes the layout checks of the configuration schema (all three layouts)', () => {
    for (const layout of [defaultLayout, defaultLayoutWithoutRollbacks, debianDeveloperLayout])
      expect(RepositoryCreated.schema.safeParse({ ...testRepository, layout }).success).toBe(true);
  });

  it('reads a suite written before piuparts and autopkgtest modes existed as disabled for both', () => {
    const older = defaultLayout.suites.map(({ piuparts: _piuparts, autopkgtest: _autopkgtest, ...suite }) => suite);
    const parsed = RepositoryCreated.schema.parse({ ...testRepository, layout: { ...defaultLayout, suites: older } });
    expect(parsed.layout.suites.find((suite) => suite.name === 'unstable')).toMatchObject({ lintian: 'errfail', piuparts: 'disabled', autopkgtest: 'disabled' });
    expect(settings('unstable')).toMatchObject({ lintian: 'errfail', piuparts: 'disabled', autopkgtest: 'disabled' });
  });

  it('enforces the version rules of the reference table (repository test, bullseye = 11)', () => {
    const config = { ...testRepository, codenames: [{ ...testRepository.codenames[1]!, codename: 'bullseye', codeversion: '11' }] };
    const rule = (suite: string) => settings(suite, 'bullseye', config).versionRule;
    expect(satisfiesVersionRule(rule('experimental'), '1.0-1~test11+0')).toBe(true);
    expect(satisfiesVersionRule(rule('snapshot'), '1.0-1~test11+1')).toBe(false);
    expect(satisfiesVersionRule(rule('unstable'), '1.0-1~test11+3')).toBe(true);
    expect(satisfiesVersionRule(rule('unstable'), '1.0-1~test11+0')).toBe(false);
    expect(satisfiesVersionRule(rule('hotfix'), '1.0-1~test11+2+hotfix1')).toBe(true);
    expect(satisfiesVersionRule(rule('stable'), '1.0-1~test12+1')).toBe(false);
    expect(rule('unstable').defaultVersion).toBe('~test11+1');
    expect(rule('experimental').defaultVersion).toBe('~test11+0');
  });
});

describe('distributionsOf', () => {
  it('lists every distribution and rollback of the sandbox repository with what reprepro needs', () => {
    const [, , created] = sandboxConfiguration(fingerprint, '2026-11-25T06:00:00.000Z');
    const config = RepositoryCreated.schema.parse(created?.event.data);
    const all = distributionsOf(config);
    expect(all).toHaveLength(6 + 6 + 12 + 9 + 3 + 4 + 6);
    expect(all.filter((entry) => entry.rollback === undefined).map((entry) => entry.name)).toEqual([
      'bookworm-test-experimental',
      'bookworm-test-snapshot',
      'bookworm-test-unstable',
      'bookworm-test-testing',
      'bookworm-test-hotfix',
      'bookworm-test-stable',
    ]);
    expect(all.find((entry) => entry.name === 'bookworm-test-unstable-rollback8')).toEqual({
      name: 'bookworm-test-unstable-rollback8',
      codename: 'bookworm',
      repository: 'test',
      suite: 'unstable',
      rollback: 8,
      architectures: ['amd64'],
      components: ['main'],
      uploadable: false,
      notAutomatic: true,
      butAutomaticUpgrades: false,
      alsoAcceptFor: [],
    });
    expect(all.some((entry) => entry.name === 'bookworm-test-unstable-rollback9')).toBe(false);
  });
});

describe('sandboxConfiguration', () => {
  it('appends valid events: the archive key, bookworm, and repository test taking unsigned uploads', () => {
    const events = sandboxConfiguration(fingerprint, '2026-11-25T06:00:00.000Z', { mirror: 'http://127.0.0.1:3142/debian' });
    expect(events.map(({ streamId, event }) => [streamId, event.type])).toEqual([
      ['config-daemon-archive-key', 'ArchiveKeyGenerated'],
      ['config-source-bookworm', 'SourceAdded'],
      ['config-repository-test', 'RepositoryCreated'],
    ]);
    for (const { event } of events) expect(() => validateEvent(event)).not.toThrow();
    expect(events[1]?.event.data).toMatchObject({ mirror: 'http://127.0.0.1:3142/debian' });
    expect(events[2]?.event.data).toMatchObject({ repository: 'test', allowUnsignedUploads: true, layout: { name: 'Default' } });
  });
});

describe('resolveDistribution', () => {
  const repositories = [testRepository, { ...testRepository, repository: 'debdev', layout: debianDeveloperLayout, codenames: [{ ...testRepository.codenames[1]!, codename: 'sid', codeversion: '~SID' }] }];

  it('finds a distribution, a rollback and a meta distribution', () => {
    expect(resolveDistribution(repositories, 'bookworm-test-unstable')).toMatchObject({ ok: true, settings: { name: 'bookworm-test-unstable' } });
    expect(resolveDistribution(repositories, 'bookworm-test-unstable-rollback3')).toMatchObject({ ok: true, rollback: 3 });
    expect(resolveDistribution(repositories, 'unstable')).toMatchObject({ ok: true, settings: { name: 'sid-debdev-unstable' } });
  });

  it.each([
    ['foo', "Malformed distribution 'foo': Must be '<codename>-<repoid>-<suite>[-rollback<n>]'"],
    ['bookworm-prod-unstable', 'No such repository: prod'],
    ['buster-test-unstable', "No distribution for codename 'buster' in repository test"],
    ['bookworm-test-sid', "No distribution for suite 'sid' in repository test"],
    ['bookworm-test-testing-rollback3', 'No rollback3 for bookworm-test-testing: it keeps 3 rollbacks'],
  ])('refuses %s: %s', (name, reason) => {
    expect(resolveDistribution(repositories, name)).toEqual({ ok: false, reason });
  });

  it('refuses a meta distribution two repositories claim', () => {
    const twice = [...repositories, { ...repositories[1]!, repository: 'other' }];
    expect(resolveDistribution(twice, 'unstable')).toEqual({
      ok: false,
      reason: "Ambiguous Meta-Distributions: 'unstable' means sid-debdev-unstable, sid-other-unstable",
    });
  });
});

describe('migrationPath', () => {
  it('takes one step, or the whole chain, and nothing from a suite that does not migrate', () => {
    const names = (full: boolean, suite: string) => migrationPath(testRepository, 'bookworm', suite, full).map(({ from, to }) => `${from.suite}→${to.suite}`);
    expect(names(false, 'unstable')).toEqual(['unstable→testing']);
    expect(names(true, 'unstable')).toEqual(['unstable→testing', 'testing→stable']);
    expect(names(true, 'hotfix')).toEqual(['hotfix→stable']);
    expect(names(true, 'stable')).toEqual([]);
    expect(names(true, 'experimental')).toEqual([]);
  });
});
