import { ProjectionsService } from '@mbd/projections';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN_FOR_TESTS, startWebApp, type WebApp } from '../../testing/web-app.fixture.js';

const form = (fields: Record<string, string>) => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(fields).toString(),
  redirect: 'manual' as const,
});
const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1];

describe('home page and signing in (real WebModule and HTTP setup)', () => {
  let dataDir: string;
  let web: WebApp;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'mbd-home-'));
    const projections = {
      listBuildQueue: async () => [],
      listUploads: async () => ({ items: [], nextBefore: null }),
      listAuditLog: async () => ({ items: [], nextAfter: null, nextBefore: null }),
    };
    web = await startWebApp({
      dataDir,
      timeTravel: { resolve: async () => 0, treeAt: async () => dataDir },
      providers: [{ provide: ProjectionsService, useValue: projections }],
    });
  });
  afterAll(async () => {
    await web?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('answers / with the home page, and its assets', async () => {
    const home = await fetch(`${web.url}/`);
    expect(home.status).toBe(200);
    expect(home.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await home.text();
    expect(html).toContain('<h1>mbd</h1>');
    for (const asset of html.matchAll(/(?:href|src)="(\/static\/[^"]+)"/g)) {
      expect((await fetch(`${web.url}${asset[1]}`)).status, asset[1]).toBe(200);
    }
    expect((await fetch(`${web.url}/static/../package.json`)).status).toBe(404);
    expect((await fetch(`${web.url}/static/nothing.js`)).status).toBe(404);
  });

  it('answers a browser with an error page, an API client with JSON', async () => {
    const page = await fetch(`${web.url}/no-such-page`, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(404);
    expect(await page.text()).toContain('<h1>Not found</h1>');
    const api = await fetch(`${web.url}/api/no-such-call`, { headers: { accept: 'text/html' } });
    expect(api.status).toBe(404);
    expect(await api.json()).toMatchObject({ statusCode: 404 });
  });

  it('signs in with the admin token (HttpOnly, SameSite=Strict), only back to this site, and out with the CSRF token', async () => {
    const wrong = await fetch(`${web.url}/sign-in`, form({ token: 'not-the-admin-token-at-all', next: '/builds' }));
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('set-cookie')).toBeNull();
    expect(await wrong.text()).toContain('That is not the admin token.');

    const right = await fetch(`${web.url}/sign-in`, form({ token: ADMIN_TOKEN_FOR_TESTS, next: '//evil.example/' }));
    expect(right.status).toBe(303);
    expect(right.headers.get('location')).toBe('/');
    const setCookie = right.headers.get('set-cookie')!;
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    const cookie = setCookie.split(';')[0]!;

    const home = await (await fetch(`${web.url}/`, { headers: { cookie } })).text();
    expect(home).toContain('Sign out');
    const csrf = csrfOf(home)!;
    expect(csrf).toBeTruthy();

    const forged = await fetch(`${web.url}/sign-out`, { ...form({ _csrf: 'forged' }), headers: { ...form({}).headers, cookie } });
    expect(forged.status).toBe(403);
    const out = await fetch(`${web.url}/sign-out`, { ...form({ _csrf: csrf }), headers: { ...form({}).headers, cookie } });
    expect(out.status).toBe(303);
    expect(out.headers.get('set-cookie')).toMatch(/Max-Age=0/);
  });
});
