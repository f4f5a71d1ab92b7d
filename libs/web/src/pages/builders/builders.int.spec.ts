import { ChrootCreated, configurationStream } from '@mbd/events';
import { ProjectionsService, type BuildQueueItem } from '@mbd/projections';
import { BuildDispatcher, ChrootCommandsService, ConfigurationService } from '@mbd/workflows';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN_FOR_TESTS, startWebApp, type WebApp } from '../../testing/web-app.fixture.js';
import type { ChrootRow } from './builders.page.js';

const running: BuildQueueItem = {
  buildId: 'u1-amd64-1',
  uploadId: 'u1',
  uploader: 'key:AAAA',
  source: 'hello',
  version: '2.10-1',
  distribution: 'bookworm-test-unstable',
  architecture: 'amd64',
  archAll: true,
  optional: false,
  attempt: 1,
  state: 'building',
  reason: null,
  builder: 'local',
  requestedPosition: 3,
  requestedAt: '2026-11-30T10:00:00.000Z',
  startedAt: '2026-11-30T10:01:00.000Z',
  finishedAt: null,
  queuePosition: null,
};

const made: ChrootRow = {
  name: 'mbd-bookworm-amd64',
  codename: 'bookworm',
  architecture: 'amd64',
  mode: 'unshare',
  mirror: 'http://deb.debian.org/debian',
  sha256: 'c'.repeat(64),
  size: 150 * 1024 * 1024,
  createdAt: new Date(Date.now() - 3 * 86_400_000).toISOString(),
  recorded: true,
};

describe('the builders page through the HTTP stack', () => {
  let dataDir: string;
  let web: WebApp;
  const calls: { action: string; codename: string; architecture: string; actor: string }[] = [];
  /** Releases the "minutes" of mmdebstrap of the create under way. */
  let finishCreate: () => void = () => undefined;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'mbd-builder-pages-'));
    const chroots = {
      list: async () => [made],
      create: async (codename: string, architecture: string, actor: string) => {
        calls.push({ action: 'create', codename, architecture, actor });
        await new Promise<void>((resolve) => (finishCreate = resolve));
        const config = { codename, architecture, mirror: 'http://deb.debian.org/debian', tarball: { path: `/var/lib/mbd/chroots/${codename}-${architecture}.tar.zst`, sha256: 'd'.repeat(64), size: 1000 } };
        await web.store.append(configurationStream('chroot', `${codename}-${architecture}`), [ChrootCreated.create(config, { actor: { kind: 'user', name: actor }, correlationId: 'c', occurredAt: new Date().toISOString() })], 'no-stream');
        return { name: `mbd-${codename}-${architecture}`, seconds: 95, sha256: 'd'.repeat(64) };
      },
      update: async (codename: string, architecture: string, actor: string) => {
        calls.push({ action: 'update', codename, architecture, actor });
        throw new Error(`the chroot mbd-${codename}-${architecture} is in use by 1 build session: <b>wait</b>`);
      },
    };
    const configuration = {
      current: () => ({
        repositories: new Map([['test', { codenames: [{ codename: 'bookworm', architectures: [{ architecture: 'amd64', optional: false }, { architecture: 'i386', optional: true }] }] }]]),
        chroots: new Map(),
      }),
    };
    const dispatcher = { log: () => undefined, status: async () => ({ builder: 'local', slots: 2, timeoutSeconds: 10_800, running: ['u1-amd64-1'], follower: {} }) };
    web = await startWebApp({
      dataDir,
      timeTravel: { resolve: async () => 1, treeAt: async () => dataDir },
      providers: [
        { provide: ChrootCommandsService, useValue: chroots },
        { provide: ConfigurationService, useValue: configuration },
        { provide: BuildDispatcher, useValue: dispatcher },
        { provide: ProjectionsService, useValue: { listBuildQueue: async () => [running] } },
      ],
    });
  });

  afterAll(async () => {
    finishCreate();
    await web?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const signIn = async (): Promise<string> => {
    const response = await fetch(`${web.url}/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: ADMIN_TOKEN_FOR_TESTS, next: '/builders' }),
      redirect: 'manual',
    });
    expect(response.status).toBe(303);
    return response.headers.get('set-cookie')!.split(';')[0]!;
  };
  const page = async (cookie?: string) => {
    const response = await fetch(`${web.url}/builders`, { headers: cookie ? { cookie } : {} });
    expect(response.status).toBe(200);
    return response.text();
  };
  const csrfOf = (html: string): string => /name="_csrf" value="([^"]+)"/.exec(html)![1]!;
  const post = (path: string, body: Record<string, string>, cookie?: string) =>
    fetch(`${web.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html', ...(cookie ? { cookie } : {}) },
      body: new URLSearchParams(body),
      redirect: 'manual',
    });

  it('shows the builder, its running build and the chroots, with no forms for anonymous readers', async () => {
    const html = await page();
    expect(html).toContain('<strong>local</strong>: 1 of 2 slot(s) busy');
    expect(html).toContain('<a href="/builds/u1-amd64-1">hello 2.10-1 on amd64</a>');
    expect(html).toContain('<tr data-chroot="mbd-bookworm-amd64">');
    expect(html).toContain('150 MiB');
    expect(html).toContain('3 days ago');
    expect(html).not.toContain('/builders/chroots/');
  });

  it('refuses the chroot forms without a session or with a wrong CSRF token, and answers bad fields with 400', async () => {
    expect((await post('/builders/chroots/create', { _csrf: 'x', codename: 'bookworm', architecture: 'i386' })).status).toBe(403);
    const cookie = await signIn();
    expect((await post('/builders/chroots/update', { _csrf: 'not-the-token', codename: 'bookworm', architecture: 'amd64' }, cookie)).status).toBe(403);
    const csrf = csrfOf(await page(cookie));
    expect((await post('/builders/chroots/create', { _csrf: csrf, codename: 'Bookworm;rm', architecture: 'i386' }, cookie)).status).toBe(400);
    expect((await post('/builders/chroots/create', { _csrf: csrf, codename: 'bookworm', architecture: 'i386', mirror: 'http://evil' }, cookie)).status).toBe(400);
    expect(calls).toEqual([]);
    expect(await web.store.headPosition()).toBe(0);
  });

  it('starts a chroot creation as the viewer, answers at once, shows it in progress, then its event', async () => {
    const cookie = await signIn();
    const html = await page(cookie);
    expect(html).toMatch(/<select name="codename" required><option value="bookworm">bookworm<\/option><\/select>/);
    expect(html).toMatch(/<select name="architecture" required><option value="amd64">amd64<\/option><option value="i386">i386<\/option><\/select>/);
    const csrf = csrfOf(html);

    const started = Date.now();
    const response = await post('/builders/chroots/create', { _csrf: csrf, codename: 'bookworm', architecture: 'i386' }, cookie);
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/builders#chroot-work');
    expect(Date.now() - started).toBeLessThan(5000);
    expect(calls).toEqual([{ action: 'create', codename: 'bookworm', architecture: 'i386', actor: 'admin' }]);

    const during = await page(cookie);
    expect(during).toContain('<tr data-chroot="bookworm-i386">');
    expect(during).toContain('<li data-job="bookworm-i386" data-state="running">');
    expect(during).toContain('in progress');
    expect((await post('/builders/chroots/create', { _csrf: csrf, codename: 'bookworm', architecture: 'i386' }, cookie)).status).toBe(409);

    finishCreate();
    let after = '';
    for (let tries = 0; tries < 50 && !after.includes('data-state="done"'); tries += 1) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      after = await page(cookie);
    }
    const [event] = await web.store.readStream(configurationStream('chroot', 'bookworm-i386'));
    expect(event).toMatchObject({ type: 'ChrootCreated', metadata: { actor: { kind: 'user', name: 'admin' } } });
    expect(after).toContain(`<a href="/audit/${event!.position}">event #${event!.position}</a>`);
    expect(after).toContain('in 1 min 35 s');
  });

  it('shows an update the service refused with its reason, escaped', async () => {
    const cookie = await signIn();
    const response = await post('/builders/chroots/update', { _csrf: csrfOf(await page(cookie)), codename: 'bookworm', architecture: 'amd64' }, cookie);
    expect(response.status).toBe(303);
    const html = await page(cookie);
    expect(html).toContain('<li data-job="bookworm-amd64" data-state="failed">');
    expect(html).toContain('update failed: the chroot mbd-bookworm-amd64 is in use by 1 build session: &lt;b>wait&lt;/b>');
    expect(calls.at(-1)).toEqual({ action: 'update', codename: 'bookworm', architecture: 'amd64', actor: 'admin' });
  });
});
