import { defaultLayout, distributionSettings } from '@mbd/archive';
import { parseChangelog, parseDeb822 } from '@mbd/debian';
import type { RepositoryConfig } from '@mbd/events';
import { describe, expect, it } from 'vitest';
import { keyringPackageName, keyringPackageSource, packageMaintainer, timestampVersion } from './keyring-package-source.js';

const repository: RepositoryConfig = {
  repository: 'test',
  layout: defaultLayout,
  codenames: [
    { codename: 'bookworm', codeversion: '12', architectures: [{ architecture: 'amd64', optional: false }], archAllOn: 'amd64', components: ['main'] },
    { codename: 'trixie', codeversion: '13', architectures: [{ architecture: 'amd64', optional: false }], archAllOn: 'amd64', components: ['main', 'contrib'] },
  ],
  allowUnsignedUploads: false,
  uploadPolicy: 'source-only',
};
const unstable = distributionSettings(repository, 'bookworm', 'unstable')!;
const key = { fingerprint: 'A'.repeat(40), publicBinary: new Uint8Array([0x99, 0x00, 0x33, 0x04]) };
const now = new Date('2026-11-30T22:05:09.123Z');
const source = keyringPackageSource({ repository, distribution: unstable, host: 'build.example.org', httpPort: 8066, ftpPort: 8067, key, maintainer: 'mbd archive key <mbd@build.example.org>', now });
const file = (path: string) => {
  const found = source.files.find((entry) => entry.path === path);
  if (!found) throw new Error(`no ${path} in ${source.files.map((entry) => entry.path).join(', ')}`);
  return typeof found.content === 'string' ? found.content : new TextDecoder().decode(found.content);
};

describe('keyringPackageSource', () => {
  it('is <repository>-archive-keyring at the request time plus the distribution default version', () => {
    expect(source.name).toBe('test-archive-keyring');
    expect(source.version).toBe('20261130220509~test12+1');
    expect(timestampVersion(now, distributionSettings(repository, 'bookworm', 'experimental')!)).toBe('20261130220509~test12+0');
    expect(() => keyringPackageName('Bad_Name')).toThrow();
  });

  it('has a changelog entry for the target distribution that dpkg would parse', () => {
    const [entry] = parseChangelog(new TextEncoder().encode(file('debian/changelog')));
    expect(entry).toMatchObject({ package: 'test-archive-keyring', distributions: ['bookworm-test-unstable'], maintainer: 'mbd archive key <mbd@build.example.org>' });
    expect(entry!.changes.join('\n')).toContain(key.fingerprint);
    expect(entry!.time.toISOString()).toBe('2026-11-30T22:05:09.000Z');
  });

  it('is a native arch:all debhelper-compat 13 source with minimal rules', () => {
    const [sourceStanza, binary] = parseDeb822(file('debian/control')).paragraphs;
    expect(sourceStanza!.get('Source')).toBe('test-archive-keyring');
    expect(sourceStanza!.get('Build-Depends')).toBe('debhelper-compat (= 13)');
    expect(binary!.get('Architecture')).toBe('all');
    expect(file('debian/source/format')).toBe('3.0 (native)\n');
    expect(file('debian/rules')).toBe('#!/usr/bin/make -f\n\n%:\n\tdh $@\n');
    expect(source.files.find((entry) => entry.path === 'debian/rules')!.executable).toBe(true);
  });

  it('installs the binary keyring where its .sources say Signed-By', () => {
    const keyring = source.files.find((entry) => entry.path === 'keyrings/test-archive-keyring.gpg')!;
    expect(keyring.content).toEqual(key.publicBinary);
    expect(file('debian/install').split('\n')).toEqual(
      expect.arrayContaining(['keyrings/test-archive-keyring.gpg usr/share/keyrings', 'sources.list.d usr/share/test-archive-keyring', 'dput usr/share/test-archive-keyring']),
    );
  });

  it('has one deb822 .sources per codename and suite, with that codename components and the keyring path', () => {
    const sources = source.files.filter((entry) => entry.path.startsWith('sources.list.d/'));
    expect(sources).toHaveLength(2 * defaultLayout.suites.length);
    const [stanza] = parseDeb822(file('sources.list.d/trixie/test_stable.sources')).paragraphs;
    expect(Object.fromEntries(['Types', 'URIs', 'Suites', 'Components', 'Signed-By'].map((name) => [name, stanza!.get(name)]))).toEqual({
      Types: 'deb deb-src',
      URIs: 'http://build.example.org:8066/repositories/test/',
      Suites: 'trixie-test-stable',
      Components: 'main contrib',
      'Signed-By': '/usr/share/keyrings/test-archive-keyring.gpg',
    });
  });

  it('carries the dput.cf section and dput-ng profile for the uploadable distributions, and none when nothing takes uploads', () => {
    expect(file('dput/dput.cf')).toContain('fqdn = build.example.org:8067');
    expect(JSON.parse(file('dput/dput.d/profiles/mbd-build.example.org.json'))).toMatchObject({ method: 'ftp', fqdn: 'build.example.org:8067' });
    const closed = { ...repository, layout: { ...defaultLayout, suites: defaultLayout.suites.map((suite) => ({ ...suite, uploadable: false, buildKeyringPackage: false })) } };
    const without = keyringPackageSource({ repository: closed, distribution: unstable, host: 'build.example.org', httpPort: 8066, ftpPort: 8067, key, maintainer: 'mbd archive key <mbd@build.example.org>', now });
    expect(without.files.some((entry) => entry.path.startsWith('dput/'))).toBe(false);
    expect(without.files.find((entry) => entry.path === 'debian/install')!.content).not.toContain('dput');
  });

  it('names a maintainer whose mail host lintian accepts', () => {
    expect(packageMaintainer({ name: 'mbd archive key', email: 'mbd@build.example.org' })).toBe('mbd archive key <mbd@build.example.org>');
    expect(packageMaintainer({ name: 'mbd archive key', email: 'mbd@buildhost' })).toBe('mbd archive key <mbd@buildhost.invalid>');
    expect(packageMaintainer({ name: 'mbd archive key', email: 'mbd@127.0.0.1' })).toBe('mbd archive key <mbd@127001.invalid>');
    expect(packageMaintainer({ name: 'mbd archive key', email: 'mbd@localhost.localdomain' })).toBe('mbd archive key <mbd@localhostlocaldomain.invalid>');
  });
});
