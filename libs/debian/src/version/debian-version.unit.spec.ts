import { describe, expect, it } from 'vitest';
import { DebianParseError } from '../errors.js';
import { compareVersions, formatVersion, parseVersion, versionWithoutEpoch } from './debian-version.js';

describe('parseVersion', () => {
  it('splits epoch, upstream and revision at the first colon and the last hyphen', () => {
    expect(parseVersion('2:1.0-rc1-3+b1')).toMatchObject({ epoch: 2, upstream: '1.0-rc1', revision: '3+b1' });
    expect(parseVersion('1.0')).toMatchObject({ epoch: 0, upstream: '1.0', revision: '' });
    expect(parseVersion('1:2:3-4')).toMatchObject({ epoch: 1, upstream: '2:3', revision: '4' });
  });

  it.each([
    ['', 'version string is empty'],
    [':1.0', 'epoch in version is empty'],
    ['a:1.0', "epoch 'a' is not a number"],
    ['-1:1.0', "epoch '-1' is not a number"],
    ['99999999999:1', 'epoch in version is too big'],
    ['1.0-', 'revision number is empty'],
    ['-1', 'version number is empty'],
    ['1:-1', 'version number is empty'],
    ['a1.0', 'version number does not start with digit'],
    ['1.0_1', 'invalid character in version number'],
    ['1.0-1_2', 'invalid character in revision number'],
    ['1.0 1', 'embedded spaces'],
  ])('refuses %j: %s', (text, reason) => {
    expect(() => parseVersion(text)).toThrow(DebianParseError);
    expect(() => parseVersion(text)).toThrow(reason);
  });

  it('formats as dpkg prints it and drops the epoch for file names', () => {
    expect(formatVersion(parseVersion('0:1.0-1'))).toBe('1.0-1');
    expect(formatVersion(parseVersion('3:1.0'))).toBe('3:1.0');
    expect(formatVersion(parseVersion('0:1:2'))).toBe('0:1:2');
    expect(versionWithoutEpoch(parseVersion('3:1.0-2'))).toBe('1.0-2');
  });
});

describe('compareVersions', () => {
  it.each([
    ['1.0~rc1', '1.0', -1],
    ['1.0~~', '1.0~', -1],
    ['1.0', '1.0+b1', -1],
    ['1.0a', '1.0+', -1],
    ['1.0A', '1.0a', -1],
    ['1:0.1', '2.0', 1],
    ['0:1.0', '1.0', 0],
    ['1.0-0', '1.0', 0],
    ['1.010', '1.9', 1],
    ['1.0001', '1.1', 0],
    ['1.0-1', '1.0-1.1', -1],
    ['123456789012345678901234567890', '123456789012345678901234567891', -1],
    ['1.00000000000000000000000000001', '1.1', 0],
    ['9999999999999999999', '10000000000000000000', -1],
  ] as const)('%s vs %s is %i', (a, b, expected) => {
    expect(compareVersions(a, b)).toBe(expected);
    expect(compareVersions(b, a)).toBe(-expected || 0);
  });
});
