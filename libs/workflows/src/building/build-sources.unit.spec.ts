import { debianDeveloperLayout, defaultLayout } from '@mbd/archive';
import type { RepositoryConfig } from '@mbd/events';
import { describe, expect, it } from 'vitest';
import { archiveBuildSources, buildSourceDistributions, daemonHostForBuilds } from './build-sources.js';

/** Repository `test` with the Default layout for bookworm (main, contrib) and trixie. */
const test: RepositoryConfig = {
  repository: 'test',
  layout: defaultLayout,
  codenames: [
    { codename: 'bookworm', codeversion: '12', architectures: [{ architecture: 'amd64', optional: false }], archAllOn: 'amd64', components: ['main', 'contrib'] },
    { codename: 'trixie', codeversion: '13', architectures: [{ architecture: 'amd64', optional: false }], archAllOn: 'amd64', components: ['main'] },
  ],
  allowUnsignedUploads: false,
  uploadPolicy: 'source-only',
};

const names = (config: RepositoryConfig, codename: string, suite: string): string[] =>
  buildSourceDistributions(config, codename, suite).map((distribution) => distribution.name);

describe('buildSourceDistributions (mini-buildd\'s internal build sources)', () => {
  it('gives unstable itself and the chain it migrates to: testing, then stable', () => {
    expect(names(test, 'bookworm', 'unstable')).toEqual(['bookworm-test-unstable', 'bookworm-test-testing', 'bookworm-test-stable']);
  });

  it('gives hotfix itself and stable, and stable only itself', () => {
    expect(names(test, 'bookworm', 'hotfix')).toEqual(['bookworm-test-hotfix', 'bookworm-test-stable']);
    expect(names(test, 'bookworm', 'stable')).toEqual(['bookworm-test-stable']);
  });

  it('gives an experimental suite itself and every non-experimental suite of its codename, never another experimental one', () => {
    const all = ['bookworm-test-unstable', 'bookworm-test-testing', 'bookworm-test-hotfix', 'bookworm-test-stable'];
    expect(names(test, 'bookworm', 'experimental')).toEqual(['bookworm-test-experimental', ...all]);
    expect(names(test, 'bookworm', 'snapshot')).toEqual(['bookworm-test-snapshot', ...all]);
  });

  it('stays in the codename and never lists rollbacks', () => {
    expect(names(test, 'trixie', 'unstable')).toEqual(['trixie-test-unstable', 'trixie-test-testing', 'trixie-test-stable']);
    expect(names(test, 'bookworm', 'unstable').some((name) => name.includes('rollback'))).toBe(false);
  });

  it('follows the layout: Debian Developer\'s experimental builds against unstable, testing and stable', () => {
    const dd = { ...test, repository: 'dd', layout: debianDeveloperLayout };
    expect(names(dd, 'bookworm', 'experimental')).toEqual(['bookworm-dd-experimental', 'bookworm-dd-unstable', 'bookworm-dd-testing', 'bookworm-dd-stable']);
  });

  it('is empty for a codename or suite the repository does not have', () => {
    expect(names(test, 'bullseye', 'unstable')).toEqual([]);
    expect(names(test, 'bookworm', 'sid')).toEqual([]);
  });
});

describe('archiveBuildSources', () => {
  it('points each source at the daemon\'s own repository delivery, with the distribution\'s components, and the archive key once, pinned at mini-buildd\'s priority 1', () => {
    expect(archiveBuildSources({ bind: '127.0.0.1', httpPort: 8066, config: test, codename: 'bookworm', suite: 'hotfix', keyFile: '/tmp/b1/archive-key.asc' })).toEqual([
      {
        line: 'deb http://127.0.0.1:8066/repositories/test/ bookworm-test-hotfix main contrib',
        keyFile: '/tmp/b1/archive-key.asc',
        pin: { release: 'bookworm-test-hotfix', priority: 1 },
      },
      { line: 'deb http://127.0.0.1:8066/repositories/test/ bookworm-test-stable main contrib', pin: { release: 'bookworm-test-stable', priority: 1 } },
    ]);
  });

  it('pins them at the upload\'s internal-apt-priority when it sets one', () => {
    const sources = archiveBuildSources({ bind: '127.0.0.1', httpPort: 8066, config: test, codename: 'bookworm', suite: 'unstable', keyFile: '/k.asc', aptPriority: 990 });
    expect(sources.map((source) => source.pin)).toEqual([
      { release: 'bookworm-test-unstable', priority: 990 },
      { release: 'bookworm-test-testing', priority: 990 },
      { release: 'bookworm-test-stable', priority: 990 },
    ]);
  });

  it('reaches a daemon listening on every address through the loopback', () => {
    const [first] = archiveBuildSources({ bind: '0.0.0.0', httpPort: 8066, config: test, codename: 'trixie', suite: 'stable', keyFile: '/k.asc' });
    expect(first?.line).toBe('deb http://127.0.0.1:8066/repositories/test/ trixie-test-stable main');
  });

  it('gives none when the HTTP port is only chosen at start (0)', () => {
    expect(archiveBuildSources({ bind: '127.0.0.1', httpPort: 0, config: test, codename: 'bookworm', suite: 'unstable', keyFile: '/k.asc' })).toEqual([]);
  });
});

describe('daemonHostForBuilds', () => {
  it('uses the bind address, the loopback for the wildcard addresses, and brackets for IPv6', () => {
    expect(daemonHostForBuilds('192.0.2.7')).toBe('192.0.2.7');
    expect(daemonHostForBuilds('mbd.example.org')).toBe('mbd.example.org');
    expect(daemonHostForBuilds('0.0.0.0')).toBe('127.0.0.1');
    expect(daemonHostForBuilds('::')).toBe('127.0.0.1');
    expect(daemonHostForBuilds('::1')).toBe('[::1]');
  });
});
