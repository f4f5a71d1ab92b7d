import { describe, expect, it } from 'vitest';
import { mirrorOfAptSources } from './system-mirror.js';

const debianSources = `Types: deb
# http://snapshot.debian.org/archive/debian/20250520T000000Z
URIs: http://deb.debian.org/debian
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: http://deb.debian.org/debian-security
Suites: bookworm-security
Components: main
`;

describe('mirrorOfAptSources', () => {
  it('takes the main archive of a deb822 .sources file, not the security archive', () => {
    const securityFirst = debianSources.split('\n\n').reverse().join('\n\n');
    expect(mirrorOfAptSources([{ path: '/etc/apt/sources.list.d/debian.sources', text: securityFirst }])).toBe('http://deb.debian.org/debian');
  });

  it('reads one-line sources.list entries with options and comments', () => {
    const list = '# deb http://commented.example/debian bookworm main\ndeb-src http://src.example/debian bookworm main\ndeb [arch=amd64 signed-by=/k.gpg] http://mirror.example/debian bookworm main\n';
    expect(mirrorOfAptSources([{ path: '/etc/apt/sources.list', text: list }])).toBe('http://mirror.example/debian');
  });

  it('skips disabled stanzas and deb-src, and has no mirror when nothing is left', () => {
    const text = 'Types: deb\nURIs: http://off.example/debian\nSuites: bookworm\nEnabled: no\n\nTypes: deb-src\nURIs: http://src.example/debian\nSuites: bookworm\n';
    expect(mirrorOfAptSources([{ path: 'x.sources', text }])).toBeUndefined();
  });
});
