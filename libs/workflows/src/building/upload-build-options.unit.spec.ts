import type { DataOf, UploadAccepted } from '@mbd/events';
import { describe, expect, it } from 'vitest';
import { uploadBuildOptions } from './upload-build-options.js';

const modes = { lintian: 'errfail', piuparts: 'disabled', autopkgtest: 'disabled' } as const;
const accepted = (options: DataOf<typeof UploadAccepted>['options'], lintianOn: Record<string, 'disabled' | 'errfail'> = {}): DataOf<typeof UploadAccepted> => ({
  uploadId: 'u1',
  source: 'hello',
  version: '1.0~test12+1',
  distribution: 'bookworm-test-unstable',
  codename: 'bookworm',
  repository: 'test',
  suite: 'unstable',
  buildArchitectures: ['amd64', 'i386'],
  archAllOn: 'amd64',
  ...(options ? { options } : {}),
  checks: { ...modes, architectures: { amd64: { ...modes, lintian: lintianOn.amd64 ?? 'errfail' }, i386: { ...modes, lintian: lintianOn.i386 ?? 'errfail' } } },
});

describe('uploadBuildOptions', () => {
  it('gives each architecture its build options, profiles and added dependencies, its own over the plain ones', () => {
    const upload = accepted([
      { key: 'deb-build-options', value: 'nocheck parallel=2' },
      { key: 'deb-build-options', architecture: 'i386', value: 'noopt' },
      { key: 'deb-build-profiles', value: 'nodoc' },
      { key: 'add-depends', architecture: 'amd64', value: 'libfoo-dev (>= 1.2)' },
      { key: 'internal-apt-priority', value: '500' },
    ]);
    expect(uploadBuildOptions(upload, 'amd64')).toEqual({
      job: { debBuildOptions: ['nocheck', 'parallel=2'], debBuildProfiles: ['nodoc'], addDepends: ['libfoo-dev (>= 1.2)'] },
      aptPriority: 500,
      runLintian: true,
    });
    expect(uploadBuildOptions(upload, 'i386')).toEqual({ job: { debBuildOptions: ['noopt'], debBuildProfiles: ['nodoc'] }, aptPriority: 500, runLintian: true });
  });

  it('skips lintian where the upload disabled it, and builds an upload without options (or from an older log) as before', () => {
    expect(uploadBuildOptions(accepted(undefined, { i386: 'disabled' }), 'i386')).toEqual({ job: {}, runLintian: false });
    expect(uploadBuildOptions(accepted(undefined, { i386: 'disabled' }), 'amd64')).toEqual({ job: {}, runLintian: true });
    expect(uploadBuildOptions(undefined, 'amd64')).toEqual({ job: {}, runLintian: true });
  });
});
