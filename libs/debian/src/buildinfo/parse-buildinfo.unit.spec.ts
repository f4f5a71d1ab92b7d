import { describe, expect, it } from 'vitest';
import { helloBuildinfo } from '../testing/hello-mbd.fixtures.js';
import { formatVersion } from '../version/debian-version.js';
import { parseBuildinfo } from './parse-buildinfo.js';

describe('parseBuildinfo', () => {
  it('reads a real .buildinfo', () => {
    const buildinfo = parseBuildinfo(helloBuildinfo);
    expect(buildinfo).toMatchObject({
      format: '1.0',
      source: 'hello-mbd',
      architectures: ['all', 'source'],
      buildOrigin: 'Debian',
      buildArchitecture: 'amd64',
      buildTaintedBy: ['merged-usr-via-aliased-dirs', 'usr-local-has-configs', 'usr-local-has-libraries', 'usr-local-has-programs'],
    });
    expect(buildinfo.files.map((file) => [file.name, file.size])).toEqual([
      ['hello-mbd_1.0.dsc', 506],
      ['hello-mbd_1.0_all.deb', 1180],
    ]);
    expect(buildinfo.installedBuildDepends[1]).toMatchObject({ package: 'automake', architecture: undefined });
    expect(formatVersion(buildinfo.installedBuildDepends[1]!.version)).toBe('1:1.16.5-1.3');
    expect(Object.keys(buildinfo.environment)).toContain('DEB_BUILD_OPTIONS');
  });

  it('reads multi-arch build dependencies and refuses malformed ones', () => {
    const withArch = helloBuildinfo.replace(' autoconf (= 2.71-3),', ' libc6:amd64 (= 2.36-9+deb12u10),');
    expect(parseBuildinfo(withArch).installedBuildDepends[0]).toMatchObject({ package: 'libc6', architecture: 'amd64' });
    expect(() => parseBuildinfo(helloBuildinfo.replace(' autoconf (= 2.71-3),', ' autoconf (>= 2.71-3),'))).toThrow(/field Installed-Build-Depends: expected "package \(= version\)"/);
  });
});
