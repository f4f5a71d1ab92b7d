import { describe, expect, it } from 'vitest';
import { publicHostOf, repositorySnippets } from './repository-snippets.js';
import { sampleRepository } from '../pages/repositories/sample-repository.fixture.js';

const armored = '-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nmDMEZ0sample\n=abcd\n-----END PGP PUBLIC KEY BLOCK-----\n';
const config = { publicHost: 'mbd.example.org', bind: '0.0.0.0', httpPort: 8066, ftpPort: 8067 };

describe('repositorySnippets', () => {
  it('writes sources.list lines for every suite, signed by the keyring path, with the codename’s components', () => {
    const snippets = repositorySnippets(config, sampleRepository, armored);
    expect(snippets.sourcesList.split('\n')).toContain(
      'deb [signed-by=/etc/apt/keyrings/mbd-test.gpg] http://mbd.example.org:8066/repositories/test/ bookworm-test-unstable main contrib',
    );
    expect(snippets.sourcesList.split('\n')).toContain(
      'deb-src [signed-by=/etc/apt/keyrings/mbd-test.gpg] http://mbd.example.org:8066/repositories/test/ bookworm-test-stable main contrib',
    );
    expect(snippets.sourcesList).not.toContain('rollback');
    expect(snippets.keyring).toEqual({ path: '/etc/apt/keyrings/mbd-test.gpg', url: 'http://mbd.example.org:8066/repositories/test/archive-keyring.gpg' });
  });

  it('embeds the archive key in the deb822 .sources as Signed-By', () => {
    const [bookworm] = repositorySnippets(config, sampleRepository, armored).sources;
    expect(bookworm?.codename).toBe('bookworm');
    expect(bookworm?.text).toContain('Suites: bookworm-test-experimental bookworm-test-unstable bookworm-test-testing bookworm-test-stable\n');
    expect(bookworm?.text).toContain('Signed-By:\n -----BEGIN PGP PUBLIC KEY BLOCK-----\n .\n mDMEZ0sample\n');
  });

  it('lets dput upload to the uploadable distributions only, and says whether unsigned uploads pass', () => {
    const dput = repositorySnippets(config, sampleRepository, armored).dputCf ?? '';
    expect(dput).toContain('[mbd-mbd.example.org]\n');
    expect(dput).toContain('fqdn = mbd.example.org:8067\n');
    expect(dput).toContain('allow_unsigned_uploads = 0\n');
    expect(dput).toContain('allowed_distributions = ^(bookworm-test-experimental|bookworm-test-unstable)$\n');
  });

  it('has no dput.cf when no suite takes uploads', () => {
    const closed = { ...sampleRepository, layout: { ...sampleRepository.layout, suites: sampleRepository.layout.suites.map((suite) => ({ ...suite, uploadable: false, experimental: false })) } };
    expect(repositorySnippets(config, closed, armored).dputCf).toBeUndefined();
  });

  it('names the bind address, or 127.0.0.1 for 0.0.0.0, without a public host', () => {
    expect(publicHostOf({ bind: '0.0.0.0' })).toBe('127.0.0.1');
    expect(publicHostOf({ bind: '192.0.2.7' })).toBe('192.0.2.7');
    expect(publicHostOf({ bind: '0.0.0.0', publicHost: 'archive.example.org' })).toBe('archive.example.org');
  });
});
