import { describe, expect, it } from 'vitest';
import { parseDeb822 } from '../deb822/parse-deb822.js';
import { debSources, sourcesList } from './apt-sources.js';
import { distributionName, repositoryUrl } from './archive-names.js';
import { dputCf, dputNgProfile } from './dput-config.js';

const target = { host: 'mbd.example.org', httpPort: 8066, repository: 'test', codename: 'bookworm', suites: ['unstable', 'stable'], signedBy: '/etc/apt/keyrings/mbd-test.gpg' };

describe('APT sources', () => {
  it('names distributions and repository URLs as the daemon serves them', () => {
    expect(distributionName('bookworm', 'test', 'unstable')).toBe('bookworm-test-unstable');
    expect(repositoryUrl('mbd.example.org', 8066, 'test')).toBe('http://mbd.example.org:8066/repositories/test/');
    expect(() => distributionName('bookworm', 'my-repo', 'unstable')).toThrow(/repository 'my-repo' must be lower-case letters and digits only/);
  });

  it('writes one-line sources.list entries with signed-by', () => {
    expect(sourcesList({ ...target, types: ['deb'] })).toBe(
      'deb [signed-by=/etc/apt/keyrings/mbd-test.gpg] http://mbd.example.org:8066/repositories/test/ bookworm-test-unstable main\n' +
        'deb [signed-by=/etc/apt/keyrings/mbd-test.gpg] http://mbd.example.org:8066/repositories/test/ bookworm-test-stable main\n',
    );
    expect(sourcesList(target).split('\n').filter((line) => line.startsWith('deb-src '))).toHaveLength(2);
    expect(() => sourcesList({ ...target, signedBy: '-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nabc\n-----END PGP PUBLIC KEY BLOCK-----' })).toThrow(/absolute key file path/);
  });

  it('writes a deb822 .sources file, with the key as a path or embedded', () => {
    expect(debSources(target)).toBe(
      'Types: deb deb-src\nURIs: http://mbd.example.org:8066/repositories/test/\nSuites: bookworm-test-unstable bookworm-test-stable\nComponents: main\nSigned-By: /etc/apt/keyrings/mbd-test.gpg\n',
    );
    const key = '-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nmDMEZ\n=abcd\n-----END PGP PUBLIC KEY BLOCK-----\n';
    const embedded = debSources({ ...target, signedBy: key });
    expect(embedded).toContain('Signed-By:\n -----BEGIN PGP PUBLIC KEY BLOCK-----\n .\n mDMEZ\n =abcd\n -----END PGP PUBLIC KEY BLOCK-----\n');
    expect(parseDeb822(embedded).paragraphs[0]!.get('Signed-By')).toBe('\n-----BEGIN PGP PUBLIC KEY BLOCK-----\n.\nmDMEZ\n=abcd\n-----END PGP PUBLIC KEY BLOCK-----');
  });
});

describe('dput snippets', () => {
  const dput = { host: 'mbd.example.org', ftpPort: 8067, distributions: ['bookworm-test-unstable', 'bookworm-test-experimental'] };

  it('writes a dput.cf section like mini-buildd does', () => {
    expect(dputCf(dput)).toBe(
      [
        '[mbd-mbd.example.org]',
        'method = ftp',
        'fqdn = mbd.example.org:8067',
        'login = anonymous',
        'incoming = /incoming',
        'allow_unsigned_uploads = 0',
        'allowed_distributions = ^(bookworm-test-unstable|bookworm-test-experimental)$',
        '',
      ].join('\n'),
    );
    expect(dputCf({ ...dput, distributions: ['a.b+c'], allowUnsignedUploads: true })).toMatch(/allow_unsigned_uploads = 1\nallowed_distributions = \^\(a\\\.b\\\+c\)\$/);
    expect(() => dputCf({ ...dput, distributions: [] })).toThrow(/at least one distribution/);
    expect(() => dputCf({ ...dput, host: 'evil]\n[x' })).toThrow(/not a host name/);
  });

  it('writes the same target as a dput-ng JSON profile', () => {
    expect(JSON.parse(dputNgProfile(dput))).toEqual({
      method: 'ftp',
      fqdn: 'mbd.example.org:8067',
      login: 'anonymous',
      incoming: '/incoming',
      allow_unsigned_uploads: false,
      allowed_distributions: '^(bookworm-test-unstable|bookworm-test-experimental)$',
    });
  });
});
