import { describe, expect, it } from 'vitest';
import { publicHostOf } from '@mbd/config';
import { debSourcesOf, dputNgProfileOf, repositorySnippets, SnippetSelectionError, sourcesListOf } from './repository-snippets.js';
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

describe("sources.list with mini-buildd's sources_list options", () => {
  const lines = (options: Parameters<typeof sourcesListOf>[2]) => sourcesListOf(config, sampleRepository, options).trim().split('\n');
  const url = 'http://mbd.example.org:8066/repositories/test/';
  const key = '[signed-by=/etc/apt/keyrings/mbd-test.gpg]';

  it('without options lists what the plain sources.list lists', () => {
    expect(sourcesListOf(config, sampleRepository)).toBe(repositorySnippets(config, sampleRepository, armored).sourcesList);
  });

  it('selects codenames, suites and types, and adds N rollbacks per suite (at most the suite keeps)', () => {
    // the sample's unstable keeps 2 rollbacks, testing 1
    expect(lines({ codenames: ['bookworm'], suites: ['unstable'], types: ['deb'], rollbacks: 5 })).toEqual([
      `deb ${key} ${url} bookworm-test-unstable main contrib`,
      `deb ${key} ${url} bookworm-test-unstable-rollback0 main contrib`,
      `deb ${key} ${url} bookworm-test-unstable-rollback1 main contrib`,
    ]);
    expect(lines({ suites: ['unstable', 'testing'], types: ['deb-src'], rollbacks: 1 })).toEqual([
      `deb-src ${key} ${url} bookworm-test-unstable main contrib`,
      `deb-src ${key} ${url} bookworm-test-unstable-rollback0 main contrib`,
      `deb-src ${key} ${url} bookworm-test-testing main contrib`,
      `deb-src ${key} ${url} bookworm-test-testing-rollback0 main contrib`,
    ]);
    expect(lines({ suites: ['testing'], types: ['deb'], rollbacks: -1 })).toHaveLength(2);
  });

  it('points a snapshot at the distributions that have it, with a mirror and more APT options', () => {
    expect(
      lines({ types: ['deb'], snapshot: 'release-1', snapshotHolders: new Set(['bookworm-test-stable']), mirror: 'https://mirror.example.org/mbd/test', options: ['check-valid-until=no'] }),
    ).toEqual(['deb [signed-by=/etc/apt/keyrings/mbd-test.gpg check-valid-until=no] https://mirror.example.org/mbd/test/ bookworm-test-stable/snapshots/release-1 main contrib']);
  });

  it('refuses what the repository lacks and options that would break the line', () => {
    expect(() => lines({ codenames: ['sid'] })).toThrow(SnippetSelectionError);
    expect(() => lines({ suites: ['nope'] })).toThrow(/no suite nope/);
    expect(() => lines({ snapshot: 'release-1', snapshotHolders: new Set() })).toThrow(/no selected distribution of repository test has a snapshot release-1/);
    expect(() => lines({ options: ['arch=amd64] deb http://evil/'] })).toThrow(/not an APT option/);
    expect(() => lines({ options: ['signed-by=/tmp/k'] })).toThrow(/not an APT option/);
    expect(() => lines({ mirror: 'ftp://x/' })).toThrow(/plain http/);
  });

  it('writes the same selection as a deb822 .sources with the options as fields', () => {
    const text = debSourcesOf(config, sampleRepository, 'bookworm', armored, { suites: ['stable'], types: ['deb'], options: ['check-valid-until=no'] });
    expect(text).toContain('Types: deb\n');
    expect(text).toContain('Suites: bookworm-test-stable\n');
    expect(text).toContain('Check-Valid-Until: no\n');
  });
});

describe('dput-ng profile', () => {
  it('uploads by FTP like mini-buildd, or by HTTP to PUT /upload/<name>', () => {
    expect(JSON.parse(dputNgProfileOf(config, sampleRepository, 'ftp')!)).toMatchObject({ method: 'ftp', fqdn: 'mbd.example.org:8067', incoming: '/incoming' });
    expect(JSON.parse(dputNgProfileOf(config, sampleRepository, 'http')!)).toMatchObject({
      method: 'http',
      fqdn: 'mbd.example.org:8066',
      incoming: '/upload',
      allowed_distributions: '^(bookworm-test-experimental|bookworm-test-unstable)$',
    });
  });
});
