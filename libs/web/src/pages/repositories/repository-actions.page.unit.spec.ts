import { describe, expect, it } from 'vitest';
import type { PageContext } from '../page-context.js';
import { elementById, HOSTILE, HOSTILE_ATTRIBUTE, textOf } from '../uploads/story.fixture.js';
import { repositorySnippets } from '../../repositories/repository-snippets.js';
import { byDistribution, distributionViews } from './repository-contents.js';
import { bootstrapCommand, repositoryChoices, snapshotViews } from './repository-choices.js';
import { renderRepositoryPage, type RepositoryData } from './repository.page.js';
import { sampleRepository } from './sample-repository.fixture.js';
import { snapshotEntry } from './snapshot-entry.fixture.js';
import { adminViewer } from '../session/viewer.fixture.js';

const anonymous: PageContext = { path: '/repositories/test' };
const signedIn: PageContext = { path: '/repositories/test', viewer: adminViewer('session-1'), csrf: 'csrf-token' };
const config = { bind: '127.0.0.1', httpPort: 8066, ftpPort: 8067 };
const stable = 'bookworm-test-stable';

const entry = snapshotEntry;

const data = (extra: Partial<RepositoryData> = {}): RepositoryData => ({
  repository: sampleRepository,
  distributions: distributionViews(sampleRepository, byDistribution([]), {}),
  uploaders: [],
  archiveKeyFingerprint: 'FEDCBA9876543210FEDCBA9876543210FEDCBA98',
  snippets: repositorySnippets(config, sampleRepository, '-----BEGIN PGP PUBLIC KEY BLOCK-----\n-----END PGP PUBLIC KEY BLOCK-----\n'),
  head: 42,
  snapshots: snapshotViews(config, sampleRepository, [{ distribution: stable, name: 'release-1', position: 40, createdAt: '2026-11-30T12:00:40.000Z' }]),
  choices: repositoryChoices(sampleRepository),
  bootstrap: bootstrapCommand(config, 'test'),
  ...extra,
});

/** The POST forms of a page (the sign-out form has no confirmation): action and inner HTML. */
const forms = (html: string) => [...html.matchAll(/<form method="post" action="([^"]+)" class="inline" data-confirm="[^"]+">(.*?)<\/form>/g)].map((match) => ({ action: match[1]!, body: match[2]! }));

describe('the repository page: snapshots, port_ext, keyring and test packages, bootstrap', () => {
  it("lists each stable-type distribution's snapshots to anyone, with the dists path, sources.list lines and the event it names, and no form", () => {
    const html = renderRepositoryPage(anonymous, data());
    const snapshots = elementById(html, 'section', 'snapshots');
    expect(snapshots).toContain(`<div class="snapshots" data-distribution="${stable}">`);
    expect(snapshots).toContain('<a href="/repositories/test/dists/bookworm-test-stable/snapshots/release-1/">release-1</a>');
    expect(snapshots).toContain('<a href="/audit/40">event 40</a>');
    expect(textOf(snapshots)).toContain('http://127.0.0.1:8066/repositories/test/ bookworm-test-stable/snapshots/release-1 main contrib');
    expect(snapshots).not.toContain('bookworm-test-unstable');
    expect(forms(html)).toEqual([]);
    expect(html).not.toContain('id="archive-work"');
  });

  it('gives the one bootstrap command to anyone', () => {
    const html = renderRepositoryPage(anonymous, data());
    expect(elementById(html, 'pre', 'snippet-bootstrap')).toContain('curl -fsS http://127.0.0.1:8066/repositories/test/bootstrap-apt.sh | sudo sh -s [codename] [suite]');
  });

  it('offers a signed-in viewer snapshot create and delete, port_ext, keyring and test packages, each a confirmed POST with the CSRF token', () => {
    const html = renderRepositoryPage(signedIn, data());
    const posts = forms(html);
    expect(posts.map((form) => form.action)).toEqual([
      '/snapshots/bookworm-test-stable/release-1/delete',
      '/snapshots/bookworm-test-stable',
      '/port-ext',
      '/keyring-packages',
      '/test-packages',
    ]);
    for (const form of posts) expect(form.body).toContain('<input type="hidden" name="_csrf" value="csrf-token"/>');
    const [, create, portExt, keyring, test] = posts;
    expect(create!.body).toContain('name="name"');
    expect(create!.body).toContain('name="at"');
    expect(portExt!.body).toContain('<input type="hidden" name="repository" value="test"/>');
    expect(portExt!.body).toContain('<input type="url" name="dsc"');
    expect(portExt!.body).toContain('<input type="checkbox" name="allowUnauthenticated" value="on"/>');
    expect([...portExt!.body.matchAll(/name="to" value="([^"]+)"/g)].map((match) => match[1])).toEqual(['bookworm-test-experimental', 'bookworm-test-unstable']);
    // keyring_packages ticks the buildKeyringPackage suites, test_packages the experimental ones
    expect(keyring!.body).toContain('<input type="checkbox" name="distributions" value="bookworm-test-unstable" checked/>');
    expect(keyring!.body).toContain('<input type="checkbox" name="distributions" value="bookworm-test-experimental"/>');
    expect(keyring!.body).toContain('name="withoutMigration"');
    expect(test!.body).toContain('<input type="checkbox" name="distributions" value="bookworm-test-experimental" checked/>');
    expect(test!.body).toContain('<input type="checkbox" name="sources" value="mbd-test-ftbfs" checked/>');
  });

  it('shows what an action caused: events in words linked to the audit log, a refusal as an alert with its reason, the uploads started', () => {
    const created = renderRepositoryPage(
      signedIn,
      data({
        outcome: {
          done: [{ position: 43, item: entry(43, 'SnapshotCreated', { distribution: stable, name: 'release-2', position: 42 }) }, { position: 44 }],
          started: [{ uploadId: 'a'.repeat(32) }],
        },
      }),
    );
    const result = elementById(created, 'section', 'result');
    expect(result).toContain('role="status"');
    expect(result).toContain('<li data-type="SnapshotCreated" data-position="43">');
    expect(textOf(result)).toContain('snapshot release-2 of bookworm-test-stable created at position 42');
    expect(result).toContain('<a href="/audit/43">event 43</a>');
    expect(result).toContain('<a href="/audit/44">Event 44</a> is not in the audit log yet');
    expect(created).toContain(`<a href="/uploads/${'a'.repeat(32)}">Upload ${'a'.repeat(32)}</a> is not recorded yet`);
    const refused = renderRepositoryPage(
      signedIn,
      data({
        outcome: {
          done: [{ position: 45, item: entry(45, 'SnapshotRefused', { command: 'create', distribution: stable, name: HOSTILE, reason: 'name-invalid', message: `bad name ${HOSTILE_ATTRIBUTE}` }) }],
          started: [],
        },
      }),
    );
    const alert = elementById(refused, 'section', 'result');
    expect(alert).toContain('role="alert"');
    expect(textOf(alert)).toContain('refused: bad name');
    expect(refused).not.toContain(HOSTILE);
    expect(refused).not.toMatch(/<img/i);
  });
});
