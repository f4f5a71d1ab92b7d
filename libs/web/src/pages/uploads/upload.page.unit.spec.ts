import { describe, expect, it } from 'vitest';
import type { PageContext } from '../page-context.js';
import {
  accepted,
  at,
  failed,
  HOSTILE,
  HOSTILE_ATTRIBUTE,
  installed,
  linted,
  migrated,
  received,
  rejected,
  removed,
  requested,
  rotated,
  started,
  succeeded,
  elementById,
  textOf,
} from './story.fixture.js';
import { renderUploadPage } from './upload.page.js';
import { adminViewer } from '../session/viewer.fixture.js';

const anonymous: PageContext = { path: '/uploads/u1' };
const key = { kind: 'key' as const, fingerprint: 'ABCDEF0123456789ABCDEF0123456789ABCDEF01' };
const admin = { kind: 'user' as const, name: 'admin' };

const element = elementById;

const installedStory = [
  at(10, received(), key),
  at(11, accepted()),
  at(12, requested()),
  at(13, linted()),
  at(14, started()),
  at(15, succeeded()),
  at(16, installed()),
  at(20, migrated(), admin),
  at(21, rotated(), admin),
  at(22, removed(), admin),
];

describe('the upload page', () => {
  it('tells the whole story in order, one list item per event with its type', () => {
    const html = renderUploadPage(anonymous, { uploadId: 'u1', story: installedStory });
    const story = element(html, 'ol', 'story');
    expect([...story.matchAll(/<li data-type="(\w+)"/g)].map((match) => match[1])).toEqual([
      'UploadReceived',
      'UploadAccepted',
      'BuildRequested',
      'SourceLinted',
      'BuildStarted',
      'BuildSucceeded',
      'PackageInstalled',
      'PackageMigrated',
      'PackageRotatedToRollback',
      'PackageRemoved',
    ]);
    expect(html).toContain('<title>Upload hello 1.0-1~test12+1 · mbd</title>');
  });

  it('says who signed, who changed it and which files came, with their sizes', () => {
    const html = renderUploadPage(anonymous, { uploadId: 'u1', story: installedStory });
    expect(html).toContain('<code class="hash">ABCDEF0123456789ABCDEF0123456789ABCDEF01</code>');
    expect(html).toContain('hello_1.0-1~test12+1.tar.xz');
    expect(html).toContain('3.0 MiB');
    expect(html).toContain('1.2 KiB');
    expect(textOf(html)).toContain('Received hello 1.0-1~test12+1 for unstable over ftp: changed by Mallory');
    // the key the packager verified, not what incoming saw (it checks no signature)
    expect(textOf(html)).toContain('Signed byABCDEF0123456789ABCDEF0123456789ABCDEF01');
    expect(textOf(html)).toContain('Accepted for bookworm-test-unstable, signed by key ABCDEF0123456789ABCDEF0123456789ABCDEF01');
    const unverified = renderUploadPage(anonymous, { uploadId: 'u1', story: installedStory.filter((step) => step.type !== 'UploadAccepted') });
    expect(textOf(unverified)).toContain('Signed bynot checked yet');
  });

  it('shows the upload options as written and the check modes they leave, an architecture\'s own where it differs', () => {
    const withOptions = accepted();
    const data = {
      ...withOptions.data,
      options: [{ key: 'lintian-mode', value: 'ignore' }, { key: 'lintian-mode', architecture: 'amd64', value: `warnfail${HOSTILE}` }],
      checks: {
        lintian: 'ignore' as const,
        piuparts: 'disabled' as const,
        autopkgtest: 'disabled' as const,
        architectures: { amd64: { lintian: 'warnfail' as const, piuparts: 'disabled' as const, autopkgtest: 'disabled' as const } },
      },
    };
    const story = installedStory.map((step) => (step.type === 'UploadAccepted' ? { ...step, data } : step));
    const html = renderUploadPage(anonymous, { uploadId: 'u1', story });
    expect(textOf(element(html, 'dd', 'upload-options'))).toContain('lintian-mode=ignore');
    expect(element(html, 'dd', 'upload-options')).not.toContain(HOSTILE);
    expect(textOf(element(html, 'dd', 'upload-checks'))).toBe('lintian ignore, piuparts disabled, autopkgtest disabled; on amd64: lintian warnfail, piuparts disabled, autopkgtest disabled');
    expect(renderUploadPage(anonymous, { uploadId: 'u1', story: installedStory })).not.toContain('upload-options');
  });

  it('links each build, its log, each event in the audit log and the actor, with the time of each step', () => {
    const html = renderUploadPage(anonymous, { uploadId: 'u1', story: installedStory });
    expect(html).toContain('<a href="/builds/b1">Build of amd64</a> requested');
    expect(html).toContain('<a href="/builds/b1">Built amd64</a> in 1 min 35 s: 1 file(s); lintian: 1 error(s), 2 warning(s).');
    expect(html).toContain('<a href="/api/builds/b1/log">Build log</a>');
    for (const position of [10, 11, 16, 20, 22]) expect(html).toContain(`<a href="/audit/${position}">event ${position}</a>`);
    expect(html).toContain('by <a href="/audit?actor=user%3Aadmin">admin</a>');
    expect(html).toContain('<time datetime="2026-11-30T12:00:20.000Z" title="2026-11-30 12:00:20 UTC">');
    expect(textOf(html)).toContain('Migrated hello 1.0-1~test12+1 from bookworm-test-unstable to bookworm-test-testing');
    expect(textOf(html)).toContain('Kept hello 1.0-1~test12+1 in bookworm-test-testing-rollback0');
    expect(html).toContain('lintian on the source 1.0-1~test12+1: 0 error(s), 1 warning(s).');
    expect(element(html, 'dd', 'upload-state')).toContain('>installed</span>');
  });

  it('lists each reason of a rejection in words', () => {
    const html = renderUploadPage(anonymous, { uploadId: 'u2', story: [at(30, received('u2', '0.9-1'), key), at(31, rejected())] });
    const step = html.slice(html.indexOf('<li data-type="UploadRejected"'));
    expect(step).toContain('for these 2 reasons:');
    expect(step).toContain('<li>Key ABCDEF0123456789ABCDEF0123456789ABCDEF01 may not upload to repository test</li>');
    expect(element(html, 'dd', 'upload-state')).toContain('>rejected</span>');
  });

  it('shows a failed build with its reason and log', () => {
    const html = renderUploadPage(anonymous, { uploadId: 'u1', story: [at(10, received(), key), at(11, accepted()), at(12, requested('b2')), at(13, failed())] });
    expect(html).toContain('<a href="/builds/b2">Build of amd64</a> failed (failed): dpkg-source: error: ');
    expect(html).toContain('<a href="/api/builds/b2/log">Build log</a>');
  });

  it('escapes the markup an uploader put in Changed-By, file names, reasons, build failures and lintian tags', () => {
    const html = renderUploadPage(anonymous, {
      uploadId: 'u1',
      story: [...installedStory, at(40, rejected('u1')), at(41, failed())],
    });
    expect(html).not.toContain(HOSTILE);
    expect(html).not.toContain(HOSTILE_ATTRIBUTE);
    expect(html).not.toMatch(/<img/i);
    expect(html).not.toMatch(/<script>/i);
    expect(html).toContain('Mallory &lt;script>alert(1)&lt;/script> &lt;mallory@example.org>');
    expect(html).toContain('&quot;>&lt;img src=x onerror=alert(1)>.txt');
  });

  it('shows no form to anyone (an upload page only tells)', () => {
    const html = renderUploadPage({ path: '/uploads/u1', viewer: adminViewer('s'), csrf: 'token' }, { uploadId: 'u1', story: installedStory });
    expect(html.match(/<form/g)).toHaveLength(1); // sign out
  });
});
