import { describe, expect, it } from 'vitest';
import { externalPortVersion, internalPortVersion, rebuildVersion } from './port-version.js';

const rule = (codeversion: string, experimental = false) => ({
  mandatoryRegex: `~test${codeversion}\\+${experimental ? '0' : '[1-9]'}`,
  defaultVersion: `~test${codeversion}+${experimental ? 0 : 1}`,
});

describe('port versions (mini-buildd DebianVersion)', () => {
  it('replaces the rightmost match of the source rule, keeping the revision and what follows', () => {
    expect(internalPortVersion('1.2.3-1~testSID+4fud15', rule('SID'), rule('70'))).toBe('1.2.3-1~test70+4fud15');
    expect(internalPortVersion('1.0-1~test12+1~test12+2', rule('12'), rule('13'))).toBe('1.0-1~test12+1~test13+2');
  });

  it('uses the target revision between experimental and other suites', () => {
    expect(internalPortVersion('1.0-1~test12+0', rule('12', true), rule('13'))).toBe('1.0-1~test13+1');
    expect(internalPortVersion('1.0-1~test12+3', rule('12'), rule('12', true))).toBe('1.0-1~test12+0');
  });

  it('appends the target default version to a version the source rule does not match, and to external ports', () => {
    expect(internalPortVersion('1.0-1', rule('12'), rule('13'))).toBe('1.0-1~test13+1');
    expect(externalPortVersion('1.2.3', rule('12'))).toBe('1.2.3~test12+1');
  });

  it('stamps rebuilds, replacing an earlier stamp', () => {
    expect(rebuildVersion('1.0-1~test12+1', '2026-11-25T06:07:08.000Z')).toBe('1.0-1~test12+1+rebuilt20261125060708');
    expect(rebuildVersion('1.0-1~test12+1+rebuilt20250101000000', '2026-11-25T06:07:08Z')).toBe('1.0-1~test12+1+rebuilt20261125060708');
  });
});
