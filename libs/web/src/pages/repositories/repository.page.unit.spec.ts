import { describe, expect, it } from 'vitest';
import type { PageContext } from '../page-context.js';
import { byDistribution, distributionViews } from './repository-contents.js';
import { renderRepositoryPage, type RepositoryData } from './repository.page.js';
import { repositorySnippets } from '../../repositories/repository-snippets.js';
import { sampleRepository, sampleSource } from './sample-repository.fixture.js';
import { adminViewer } from '../session/viewer.fixture.js';

const SCRIPT = '<script>alert(1)</script>';
const IMG = '"><img src=x onerror=alert(1)>';
const anonymous: PageContext = { path: '/repositories/test' };
const signedIn: PageContext = { path: '/repositories/test', viewer: adminViewer('session-1'), csrf: 'csrf-token' };
const armored = '-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nmDMEZ0sample\n-----END PGP PUBLIC KEY BLOCK-----\n';
const unstable = 'bookworm-test-unstable';

const data = (rows = [sampleSource(unstable, 'hello', '1.0~test12+1', 12), sampleSource(unstable, SCRIPT, IMG, 13)], paging = {}): RepositoryData => ({
  repository: sampleRepository,
  distributions: distributionViews(sampleRepository, byDistribution(rows), paging),
  uploaders: [{ fingerprint: '0123456789ABCDEF0123456789ABCDEF01234567', name: `Mallory ${IMG}` }],
  archiveKeyFingerprint: 'FEDCBA9876543210FEDCBA9876543210FEDCBA98',
  snippets: repositorySnippets({ bind: '127.0.0.1', httpPort: 8066, ftpPort: 8067 }, sampleRepository, armored),
  head: 42,
});

/** The text of the element with this id (tags dropped, the few entities preact writes decoded). */
const textOf = (html: string, id: string): string => {
  const match = new RegExp(`<pre id="${id}">([\\s\\S]*?)</pre>`).exec(html);
  if (!match) throw new Error(`no <pre id="${id}">`);
  return match[1]!.replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&quot;', '"').replaceAll('&amp;', '&');
};

describe('the repository page', () => {
  it('shows the apt and dput snippets RepositoriesController serves, each with a copy button', () => {
    const html = renderRepositoryPage(anonymous, data());
    const snippets = data().snippets;
    expect(textOf(html, 'snippet-sources-list')).toBe(snippets.sourcesList);
    expect(textOf(html, 'snippet-sources-list')).toContain(
      'deb [signed-by=/etc/apt/keyrings/mbd-test.gpg] http://127.0.0.1:8066/repositories/test/ bookworm-test-unstable main contrib',
    );
    expect(textOf(html, 'snippet-sources-bookworm')).toContain('Signed-By:\n -----BEGIN PGP PUBLIC KEY BLOCK-----\n .\n mDMEZ0sample');
    expect(textOf(html, 'snippet-dput-cf')).toContain('allowed_distributions = ^(bookworm-test-experimental|bookworm-test-unstable)$');
    expect(textOf(html, 'snippet-keyring')).toContain('http://127.0.0.1:8066/repositories/test/archive-keyring.gpg');
    for (const id of ['snippet-keyring', 'snippet-sources-list', 'snippet-sources-bookworm', 'snippet-dput-cf']) {
      expect(html).toContain(`<button type="button" class="copy" data-copy="${id}" hidden>`);
    }
    expect(html).toContain('href="/repositories/test/archive-key.asc"');
    expect(html).toContain('href="/repositories/test/archive-keyring.gpg"');
  });

  it('shows the layout, each distribution’s options and version rule, the uploaders and the archive key', () => {
    const html = renderRepositoryPage(anonymous, data());
    expect(html).toContain('<h2 id="layout">Layout: Default</h2>');
    expect(html).toContain('<th scope="row">experimental</th><td>yes</td><td>–</td><td>yes</td><td>0</td><td>ignore</td><td>NotAutomatic</td><td>no</td>');
    expect(html).toContain('<th scope="row">unstable</th><td>yes</td><td>testing</td><td>no</td><td>2</td><td>errfail</td><td>NotAutomatic, ButAutomaticUpgrades</td><td>yes</td>');
    expect(html).toContain('<section id="dist-bookworm-test-unstable"');
    expect(html).toContain('<a href="#dist-bookworm-test-testing">bookworm-test-testing</a>');
    expect(html).toContain('<td>2 (rollback0: 0, rollback1: 0)</td>');
    expect(html).toContain('<table class="dense" id="distribution-settings">');
    expect(html).toContain('<code>~test12\\+[1-9]</code>');
    expect(html).toContain('amd64, arm64 (optional)');
    expect(html).toContain('0123456789ABCDEF0123456789ABCDEF01234567');
    expect(html).toContain('<code class="hash" id="archive-key-fingerprint">FEDCBA9876543210FEDCBA9876543210FEDCBA98</code>');
    expect(html).toContain('source-only; unsigned uploads refused');
  });

  it('lists each distribution’s packages with links to the package tracker and the event that put them there', () => {
    const html = renderRepositoryPage(anonymous, data());
    expect(html).toContain('<table class="dense" id="packages-bookworm-test-unstable">');
    expect(html).toContain('<a href="/packages/hello">hello</a>');
    expect(html).toContain('<a href="/audit/12" title="event 12">');
    expect(html).not.toContain('id="packages-bookworm-test-testing"');
  });

  it('escapes package names, versions and uploader names', () => {
    const html = renderRepositoryPage(anonymous, data());
    expect(html).not.toContain(SCRIPT);
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&lt;script>alert(1)&lt;/script>');
    expect(html).toContain(`href="/packages/${encodeURIComponent(SCRIPT)}"`);
    expect(html).toContain('Mallory &quot;>&lt;img src=x onerror=alert(1)>');
  });

  it('pages a long distribution by source name', () => {
    const rows = Array.from({ length: 60 }, (_, index) => sampleSource(unstable, `pkg${String(index).padStart(2, '0')}`, '1'));
    const first = renderRepositoryPage(anonymous, data(rows));
    expect(first).toContain('<a href="/repositories/test?distribution=bookworm-test-unstable&amp;after=pkg49#dist-bookworm-test-unstable" rel="next">');
    expect(first).not.toContain('>pkg50<');
    const second = renderRepositoryPage(anonymous, data(rows, { distribution: unstable, after: 'pkg49' }));
    expect(second).toContain('>pkg50<');
    expect(second).not.toContain('>pkg49<');
    expect(second).toContain('<a href="/repositories/test#dist-bookworm-test-unstable">← First</a>');
  });

  it('offers the time-travel picker and the diff form, and says the past needs signing in', () => {
    const html = renderRepositoryPage(anonymous, data());
    expect(html).toContain('<form method="get" action="/archive/test" id="time-travel"');
    expect(html).toMatch(/<label for="time-travel-time">\s*As it was at \(UTC\)\s*<input type="datetime-local" id="time-travel-time" name="time"/);
    expect(html).toMatch(/<label for="time-travel-position">\s*or just after event \(log position\)\s*<input type="number" id="time-travel-position" name="position"/);
    expect(html).toContain('<form method="get" action="/archive/test/diff" id="archive-diff-form"');
    expect(html).toContain('<a href="/archive/test/42/">Browse the archive now</a>');
    expect(html).toContain('the past needs a signed-in session');
    expect(renderRepositoryPage(signedIn, data())).not.toContain('the past needs a signed-in session');
  });
});
