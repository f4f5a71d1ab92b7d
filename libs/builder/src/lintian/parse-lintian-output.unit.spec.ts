import { describe, expect, it } from 'vitest';
import { lintianTagLines, parseLintianOutput } from './parse-lintian-output.js';

// Output of lintian 2.116 on the test packages' source and binary .changes.
const output = [
  'E: mbd-test-lintian source: build-depends-on-essential-package-without-using-version Build-Depends: bash',
  'W: mbd-test-lintian source: no-debian-copyright-in-source',
  'E: mbd-test-lintian: no-copyright-file',
  'I: mbd-test-any: hardening-no-fortify-functions [usr/bin/mbd-test-any]',
  'N: a note line that is not a tag',
  'running with root privileges is not recommended!',
].join('\n');

describe('parseLintianOutput', () => {
  it('counts errors and warnings and keeps each tag with its package, type and context', () => {
    const report = parseLintianOutput(output);
    expect(report.errors).toBe(2);
    expect(report.warnings).toBe(1);
    expect(report.tags).toEqual([
      { severity: 'error', package: 'mbd-test-lintian', type: 'source', tag: 'build-depends-on-essential-package-without-using-version', context: 'Build-Depends: bash' },
      { severity: 'warning', package: 'mbd-test-lintian', type: 'source', tag: 'no-debian-copyright-in-source', context: '' },
      { severity: 'error', package: 'mbd-test-lintian', type: 'binary', tag: 'no-copyright-file', context: '' },
      { severity: 'info', package: 'mbd-test-any', type: 'binary', tag: 'hardening-no-fortify-functions', context: '[usr/bin/mbd-test-any]' },
    ]);
  });

  it('reports nothing for clean output', () => {
    expect(parseLintianOutput('')).toEqual({ errors: 0, warnings: 0, tags: [] });
  });

  it('writes the tags back as lintian prints them, without context', () => {
    expect(lintianTagLines(parseLintianOutput(output))).toEqual([
      'E: mbd-test-lintian source: build-depends-on-essential-package-without-using-version',
      'W: mbd-test-lintian source: no-debian-copyright-in-source',
      'E: mbd-test-lintian: no-copyright-file',
      'I: mbd-test-any: hardening-no-fortify-functions',
    ]);
  });
});
