import { describe, expect, it } from 'vitest';
import { resultMismatch } from './built-result.js';

const target = { source: 'hello', version: '2.10-3~test12+1' };
const deb = (file: string, source: string, sourceVersion = target.version) => ({
  file,
  identity: { package: file.split('_')[0]!, version: sourceVersion, source, sourceVersion },
});

describe('resultMismatch', () => {
  it('accepts a result of the upload\'s source and version, all of its packages included', () => {
    const built = {
      changesName: 'hello_2.10-3~test12+1_amd64.changes',
      source: 'hello',
      version: '2.10-3~test12+1',
      packages: [deb('hello_2.10-3~test12+1_amd64.deb', 'hello'), deb('hello-data_2.10-3~test12+1_all.deb', 'hello')],
    };
    expect(resultMismatch(target, built)).toBeUndefined();
  });

  it('refuses a .changes for another source or version, naming both', () => {
    expect(resultMismatch(target, { changesName: 'evil_1.0_amd64.changes', source: 'evil', version: '1.0', packages: [] })).toBe(
      "the build produced evil 1.0 (evil_1.0_amd64.changes), not the upload's hello 2.10-3~test12+1; nothing of it is installed",
    );
    expect(resultMismatch(target, { changesName: 'hello_2.10-4_amd64.changes', source: 'hello', version: '2.10-4', packages: [] })).toMatch(/produced hello 2\.10-4/);
  });

  it('refuses a .deb built from another source, or another version of it, even under a matching .changes', () => {
    const built = {
      changesName: 'hello_2.10-3~test12+1_amd64.changes',
      source: 'hello',
      version: '2.10-3~test12+1',
      packages: [deb('hello_2.10-3~test12+1_amd64.deb', 'hello'), deb('libc6_9.9_amd64.deb', 'glibc', '9.9')],
    };
    expect(resultMismatch(target, built)).toBe(
      "the build produced packages of another source than the upload's hello 2.10-3~test12+1: libc6_9.9_amd64.deb (source glibc 9.9); nothing of it is installed",
    );
  });
});
