import type { Layout, SuiteOptions } from '@mbd/events';

/** mini-buildd's version rules (`PY/dist.py`): `~<repository><codeversion>+N`, `+0` in experimental suites. */
const standardVersionRules: Layout['versionRules'] = {
  defaultVersion: '~%IDENTITY%%CODEVERSION%+1',
  mandatoryVersionRegex: '~%IDENTITY%%CODEVERSION%\\+[1-9]',
  experimentalDefaultVersion: '~%IDENTITY%%CODEVERSION%+0',
  experimentalMandatoryVersionRegex: '~%IDENTITY%%CODEVERSION%\\+0',
};

const suite = (name: string, options: Partial<SuiteOptions>): SuiteOptions => ({
  name,
  uploadable: true,
  experimental: false,
  migratesTo: null,
  rollback: 0,
  buildKeyringPackage: false,
  notAutomatic: true,
  butAutomaticUpgrades: true,
  lintian: 'errfail',
  piuparts: 'disabled',
  autopkgtest: 'disabled',
  ...options,
});

/** mini-buildd's Default layout (reference §3): suites, flags, migrations and rollback counts. */
export const defaultLayout: Layout = {
  name: 'Default',
  suites: [
    suite('experimental', { experimental: true, rollback: 6, butAutomaticUpgrades: false, lintian: 'ignore' }),
    suite('snapshot', { experimental: true, rollback: 12, lintian: 'ignore' }),
    suite('unstable', { migratesTo: 'testing', rollback: 9, buildKeyringPackage: true }),
    suite('testing', { uploadable: false, migratesTo: 'stable', rollback: 3 }),
    suite('hotfix', { migratesTo: 'stable', rollback: 4 }),
    suite('stable', { uploadable: false, rollback: 6 }),
  ],
  versionRules: standardVersionRules,
  metaDistributions: {},
};

/** mini-buildd's `Default (no rollbacks)`: the Default layout without rollback distributions. */
export const defaultLayoutWithoutRollbacks: Layout = {
  ...defaultLayout,
  name: 'Default (no rollbacks)',
  suites: defaultLayout.suites.map((options) => ({ ...options, rollback: 0 })),
};

/** mini-buildd's `Debian Developer` layout: Debian's own suites, any version, meta distributions for sid. */
export const debianDeveloperLayout: Layout = {
  name: 'Debian Developer',
  suites: [
    suite('experimental', { experimental: true, butAutomaticUpgrades: false, lintian: 'ignore' }),
    suite('unstable', { migratesTo: 'testing' }),
    suite('testing', { uploadable: false, migratesTo: 'stable' }),
    suite('stable', { uploadable: false }),
  ],
  versionRules: {
    defaultVersion: '',
    mandatoryVersionRegex: '.*',
    experimentalDefaultVersion: '',
    experimentalMandatoryVersionRegex: '.*',
  },
  metaDistributions: { unstable: 'sid-unstable', experimental: 'sid-experimental' },
};
