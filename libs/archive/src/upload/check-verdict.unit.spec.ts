import { describe, expect, it } from 'vitest';
import { checkVerdict } from './check-verdict.js';

describe('checkVerdict (mini-buildd\'s check rule, reference §9)', () => {
  const clean = { errors: 0, warnings: 0 };
  const warned = { errors: 0, warnings: 2 };
  const failed = { errors: 1, warnings: 0, tags: ['FAIL: upgrade test'] };

  it('passes disabled and ignore modes and experimental suites whatever the result', () => {
    for (const mode of ['disabled', 'ignore'] as const) expect(checkVerdict('piuparts', mode, false, failed, 'x')).toBeUndefined();
    expect(checkVerdict('autopkgtest', 'warnfail', true, failed, 'x')).toBeUndefined();
  });

  it('fails errfail on errors only and warnfail on warnings too, naming the check, mode and findings', () => {
    expect(checkVerdict('autopkgtest', 'errfail', false, warned, 'the amd64 build')).toBeUndefined();
    expect(checkVerdict('autopkgtest', 'warnfail', false, warned, 'the amd64 build')).toBe('autopkgtest found 0 error(s) and 2 warning(s) in the amd64 build (autopkgtest mode warnfail)');
    expect(checkVerdict('piuparts', 'errfail', false, failed, 'the amd64 build')).toBe('piuparts found 1 error(s) and 0 warning(s) in the amd64 build (piuparts mode errfail): FAIL: upgrade test');
    expect(checkVerdict('lintian', 'warnfail', false, clean, 'x')).toBeUndefined();
  });

  it('fails a failing mode when the check has no result', () => {
    expect(checkVerdict('piuparts', 'errfail', false, null, 'the amd64 build')).toBe('piuparts did not run on the amd64 build, but the suite fails on piuparts errors');
  });
});
