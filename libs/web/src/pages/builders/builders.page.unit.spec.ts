import { describe, expect, it } from 'vitest';
import type { PageContext } from '../page-context.js';
import { renderBuildersPage, type BuildersData, type ChrootRow } from './builders.page.js';
import { adminViewer } from '../session/viewer.fixture.js';

const chroot = (overrides: Partial<ChrootRow> = {}): ChrootRow => ({
  name: 'mbd-bookworm-amd64',
  codename: 'bookworm',
  architecture: 'amd64',
  mode: 'schroot',
  mirror: 'http://deb.debian.org/debian',
  sha256: 'c'.repeat(64),
  size: 150 * 1024 * 1024,
  createdAt: '2026-11-28T10:00:00.000Z',
  recorded: true,
  ...overrides,
});

const data = (overrides: Partial<BuildersData> = {}): BuildersData => ({
  builder: {
    name: 'local',
    slots: 2,
    timeoutSeconds: 3 * 3600,
    running: [{ buildId: 'u1-amd64-1', source: 'hello', version: '1-1', architecture: 'amd64', startedAt: '2026-11-30T09:59:00.000Z' }],
  },
  chroots: [chroot(), chroot({ name: 'mbd-trixie-arm64', codename: 'trixie', architecture: 'arm64', recorded: false, size: 900, createdAt: '2026-11-30T09:00:00.000Z' })],
  jobs: [],
  choices: { codenames: ['bookworm', 'trixie'], architectures: ['amd64', 'arm64'] },
  now: '2026-11-30T10:00:00.000Z',
  ...overrides,
});

const anonymous: PageContext = { path: '/builders' };
const signedIn: PageContext = { path: '/builders', viewer: adminViewer(), csrf: 'csrf-token-2' };

describe('the builders page', () => {
  it('shows the builder with its slots and links to its running builds', () => {
    const html = renderBuildersPage(anonymous, data());
    expect(html).toContain('<strong>local</strong>: 1 of 2 slot(s) busy');
    expect(html).toContain('<a href="/builds/u1-amd64-1">hello 1-1 on amd64</a>');
  });

  it('lists each chroot with its state, size and age in human units', () => {
    const html = renderBuildersPage(anonymous, data());
    expect(html).toContain('<table id="chroots"');
    expect(html).toContain('<tr data-chroot="mbd-bookworm-amd64">');
    expect(html).toContain('150 MiB');
    expect(html).toContain('2 days ago');
    expect(html).toContain('900 B');
    expect(html).toContain('1 h 0 min ago');
    expect(html).toContain('<span class="state ok">ready</span>');
    expect(html).toContain('unrecorded');
  });

  it('has the create and update forms only for signed-in viewers, with the CSRF token and the configured choices', () => {
    const anonymousHtml = renderBuildersPage(anonymous, data());
    expect(anonymousHtml).not.toContain('/builders/chroots/');
    const html = renderBuildersPage(signedIn, data());
    expect(html).toContain('<form method="post" action="/builders/chroots/create" id="create-chroot"');
    expect(html).toMatch(/<label>Codename<select name="codename" required><option value="bookworm">bookworm<\/option><option value="trixie">trixie<\/option><\/select><\/label>/);
    expect(html).toMatch(/<label>Architecture<select name="architecture" required><option value="amd64">amd64<\/option><option value="arm64">arm64<\/option>/);
    expect(html).toContain('<input type="hidden" name="_csrf" value="csrf-token-2"/>');
    expect(html).toContain('action="/builders/chroots/update"');
    expect(html).toContain('<input type="hidden" name="codename" value="trixie"/><input type="hidden" name="architecture" value="arm64"/>');
  });

  it('shows chroot work in progress, done with its event, or failed with the reason, escaped', () => {
    const html = renderBuildersPage(
      signedIn,
      data({
        jobs: [
          { codename: 'sid', architecture: 'amd64', action: 'create', by: 'admin', startedAt: '2026-11-30T09:58:00.000Z', state: 'running' },
          { codename: 'bookworm', architecture: 'amd64', action: 'update', by: 'admin', startedAt: '2026-11-30T09:00:00.000Z', state: 'done', seconds: 125, position: 42 },
          { codename: 'trixie', architecture: 'arm64', action: 'update', by: 'admin', startedAt: '2026-11-30T09:00:00.000Z', state: 'failed', error: 'mmdebstrap: <script>alert(1)</script>' },
        ],
      }),
    );
    expect(html).toContain('<tr data-chroot="sid-amd64">');
    expect(html).toContain('creating');
    expect(html).toContain('in progress, reload the page');
    expect(html).toContain('<a href="/audit/42">event #42</a>');
    expect(html).toContain('in 2 min 5 s');
    expect(html).toContain('update failed: mmdebstrap: &lt;script>alert(1)&lt;/script>');
    expect(html).not.toContain('<script>alert(1)');
  });

  it('says how to get codenames when no repository names one', () => {
    expect(renderBuildersPage(signedIn, data({ choices: { codenames: [], architectures: [] } }))).toContain('create a repository first');
  });
});

describe('the builders page, remote builders', () => {
  const remote = {
    name: 'b1',
    state: 'online' as const,
    architectures: ['amd64', 'arm64'],
    codenames: ['bookworm'],
    slots: 2,
    running: ['u2-arm64-1'],
    load: 0.25,
    lastSeen: Date.parse('2026-11-30T09:59:55.000Z'),
    fingerprint: 'B'.repeat(40),
    approved: false,
  };

  it('lists each with its state, offer, running builds, load and last contact, and says when its key waits for approval', () => {
    const html = renderBuildersPage(anonymous, data({ remotes: [remote, { ...remote, name: 'b2', state: 'offline', running: [], approved: true }] }));
    expect(html).toContain('<tr data-builder="b1">');
    expect(html).toContain('amd64 arm64');
    expect(html).toContain('<a href="/builds/u2-arm64-1">u2-arm64-1</a>');
    expect(html).toContain(`mbd builder-approve b1 ${'B'.repeat(40)}`);
    expect(html).not.toContain(`mbd builder-approve b2`);
    expect(html).toMatch(/data-builder="b2">[\s\S]*offline/);
  });

  it('tells how to start one when none registered', () => {
    expect(renderBuildersPage(anonymous, data())).toContain('No remote builder has registered since the daemon started');
  });
});
