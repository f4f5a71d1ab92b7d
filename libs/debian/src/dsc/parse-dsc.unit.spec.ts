import { describe, expect, it } from 'vitest';
import { helloDsc } from '../testing/hello-mbd.fixtures.js';
import { formatVersion } from '../version/debian-version.js';
import { parseDsc } from './parse-dsc.js';

describe('parseDsc', () => {
  it('reads a real .dsc', () => {
    const dsc = parseDsc(helloDsc);
    expect(dsc).toMatchObject({
      format: '3.0 (native)',
      source: 'hello-mbd',
      binaries: ['hello-mbd'],
      architectures: ['all'],
      maintainer: 'Mbd Tester <tester@example.org>',
      standardsVersion: '4.6.2',
      buildDepends: ['debhelper-compat (= 13)'],
      packageList: ['hello-mbd deb misc optional arch=all'],
      files: [
        {
          name: 'hello-mbd_1.0.tar.xz',
          size: 736,
          md5: 'b00104957613c23bcdaa5e6ec5064341',
          sha1: '1ada1cd048dfa89231a5d9c9b53753d0f7ffc81d',
          sha256: '463e2af4b7ba8861c58f86e3d13add69dc827c5d41922830a785c6c4b406f25a',
        },
      ],
    });
    expect(formatVersion(dsc.version)).toBe('1.0');
  });

  it('splits comma lists, folded over lines, and uploaders', () => {
    const dsc = parseDsc(
      helloDsc
        .replace('Binary: hello-mbd', 'Binary: hello-mbd, hello-mbd-doc,\n libhello1')
        .replace('Standards-Version', 'Uploaders: B, C <b@example.org>, D <d@example.org>\nBuild-Depends-Indep: python3:any,\n  foo (>= 1) | bar\nStandards-Version'),
    );
    expect(dsc.binaries).toEqual(['hello-mbd', 'hello-mbd-doc', 'libhello1']);
    expect(dsc.uploaders).toEqual(['B, C <b@example.org>', 'D <d@example.org>']);
    expect(dsc.buildDependsIndep).toEqual(['python3:any', 'foo (>= 1) | bar']);
  });

  it('refuses a Files line with section and priority (that is the .changes form)', () => {
    expect(() => parseDsc(helloDsc.replace(' b00104957613c23bcdaa5e6ec5064341 736 hello', ' b00104957613c23bcdaa5e6ec5064341 736 misc optional hello'))).toThrow(
      /line 16, field Files: expected "md5 size name"/,
    );
  });
});
