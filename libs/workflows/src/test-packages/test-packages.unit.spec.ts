import { defaultLayout, debianDeveloperLayout } from '@mbd/archive';
import type { RepositoryConfig } from '@mbd/events';
import { describe, expect, it } from 'vitest';
import { keyringDistributions } from '../keyring-package/keyring-packages.service.js';
import { InMemoryEventStore } from '@mbd/events';
import { experimentalDistributions, TestPackagesService, testPackagesPassed } from './test-packages.service.js';

const codename = (name: string, codeversion: string) => ({ codename: name, codeversion, architectures: [{ architecture: 'amd64', optional: false }], archAllOn: 'amd64', components: ['main'] });
const repositories: RepositoryConfig[] = [
  { repository: 'test', layout: defaultLayout, codenames: [codename('bookworm', '12'), codename('trixie', '13')], allowUnsignedUploads: false, uploadPolicy: 'source-only' },
  { repository: 'debdev', layout: debianDeveloperLayout, codenames: [codename('sid', '~SID')], allowUnsignedUploads: false, uploadPolicy: 'source-only' },
];

describe('the default distributions of keyring_packages and test_packages', () => {
  it('keyring packages go to every codename of the suites whose layout says buildKeyringPackage (the Default layout: unstable)', () => {
    expect(keyringDistributions(repositories).map((target) => target.settings.name)).toEqual(['bookworm-test-unstable', 'trixie-test-unstable']);
  });

  it('test packages go to every uploadable experimental distribution, like mini-buildd', () => {
    expect(experimentalDistributions(repositories).map((target) => target.settings.name)).toEqual([
      'bookworm-test-experimental',
      'bookworm-test-snapshot',
      'trixie-test-experimental',
      'trixie-test-snapshot',
      'sid-debdev-experimental',
    ]);
  });
});

describe('testPackagesPassed (mini-buildd --with-check)', () => {
  it('passes only when every package ended as expected: archall and cpp installed, ftbfs failed', () => {
    const results = [
      { outcome: 'installed', expected: 'installed' },
      { outcome: 'installed', expected: 'installed' },
      { outcome: 'failed', expected: 'failed' },
    ] as const;
    expect(testPackagesPassed(results)).toBe(true);
    expect(testPackagesPassed([...results.slice(0, 2), { outcome: 'installed', expected: 'failed' }])).toBe(false);
    expect(testPackagesPassed([{ outcome: 'pending', expected: 'installed' }, ...results.slice(1)])).toBe(false);
    expect(testPackagesPassed([{ outcome: 'rejected', expected: 'installed' }, ...results.slice(1)])).toBe(false);
  });
});

describe('the outcomes --with-check polls', () => {
  it('an upload incoming has not recorded yet is pending (the files were handed over, the intake has not scanned them), not an error', async () => {
    const service = new TestPackagesService(new InMemoryEventStore(), {} as never, {} as never);
    expect(await service.outcomesOf(['0123456789abcdef0123456789abcdef'])).toEqual([{ uploadId: '0123456789abcdef0123456789abcdef', outcome: 'pending' }]);
  });
});
