import { describe, expect, it } from 'vitest';
import type { BuildQueueItem } from '@mbd/projections';
import { HOSTILE, HOSTILE_ATTRIBUTE, uploadItem } from '../uploads/story.fixture.js';
import { NAVIGATION } from '../layout.js';
import { renderHomePage, type HomeData } from './home.page.js';
import { adminViewer } from '../session/viewer.fixture.js';

const build = (overrides: Partial<BuildQueueItem>): BuildQueueItem =>
  ({
    buildId: 'u1-amd64-1',
    uploadId: 'u1',
    source: 'hello',
    version: '1.0-1',
    distribution: 'bookworm-test-unstable',
    architecture: 'amd64',
    state: 'building',
    requestedAt: '2026-11-30T12:00:00.000Z',
    queuePosition: null,
    ...overrides,
  }) as BuildQueueItem;

const data = (overrides: Partial<HomeData> = {}): HomeData => ({
  builder: { name: 'local', slots: 2, running: 1 },
  queue: [build({}), build({ buildId: 'u2-amd64-1', source: 'other', state: 'needs-build', queuePosition: 1 })],
  followers: [{ name: 'archive', state: 'following', lag: 0, parked: 0 }],
  head: 42,
  archiveKeyFingerprint: '0123456789ABCDEF0123456789ABCDEF01234567',
  uploads: [uploadItem({ uploadId: 'u9', changedBy: `Mallory ${HOSTILE_ATTRIBUTE}`, state: 'rejected', reason: HOSTILE })],
  events: [],
  chain: { state: 'verified', upTo: 42, checking: false },
  ...overrides,
});

describe('the home page', () => {
  it('links every page from its navigation', () => {
    const html = renderHomePage({ path: '/' }, data());
    for (const item of NAVIGATION) expect(html).toContain(`href="${item.href}"`);
    expect(html).toContain('<a href="/" aria-current="page">Home</a>');
  });

  it('shows the builder, its slots and the queue in order, with links to each build', () => {
    const html = renderHomePage({ path: '/' }, data());
    expect(html).toContain('1 of 2 slot(s) busy');
    expect(html.indexOf('/builds/u1-amd64-1')).toBeLessThan(html.indexOf('/builds/u2-amd64-1'));
    expect(html).toContain(' #1');
  });

  it('shows the archive key, the hash chain badge, and says when every follower is caught up — or which is not', () => {
    expect(renderHomePage({ path: '/' }, data())).toContain('0123456789ABCDEF0123456789ABCDEF01234567');
    expect(renderHomePage({ path: '/' }, data())).toContain('data-chain="verified"');
    expect(renderHomePage({ path: '/' }, data())).toContain('every follower is caught up');
    const behind = renderHomePage({ path: '/' }, data({ followers: [{ name: 'install', state: 'retrying', lag: 3, parked: 1, lastError: 'reprepro: locked' }] }));
    expect(behind).toContain('install: ');
    expect(behind).toContain('3 behind, 1 parked');
    expect(behind).toContain('(reprepro: locked)');
  });

  it('shows recent uploads with what the uploader wrote escaped', () => {
    const html = renderHomePage({ path: '/' }, data());
    expect(html).toContain('/uploads/u9');
    expect(html).not.toContain(HOSTILE);
    expect(html).not.toContain(HOSTILE_ATTRIBUTE);
    expect(html).not.toMatch(/<img/);
  });

  it('offers sign-in to a visitor and sign-out (with its CSRF token) to a signed-in viewer', () => {
    expect(renderHomePage({ path: '/' }, data())).toContain('href="/sign-in?next=%2F"');
    const signedIn = renderHomePage({ path: '/', viewer: adminViewer('s'), csrf: 'TOKEN' }, data());
    expect(signedIn).toMatch(/<form method="post" action="\/sign-out"[^>]*><input type="hidden" name="_csrf" value="TOKEN"\/>/);
    expect(signedIn).not.toContain('/sign-in?');
  });
});
