import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN_FOR_TESTS, startWebApp, type WebApp } from '../../testing/web-app.fixture.js';

const form = (fields: Record<string, string>, cookie?: string) => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded', ...(cookie ? { cookie } : {}) },
  body: new URLSearchParams(fields).toString(),
  redirect: 'manual' as const,
});
const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1];

/** Signing in to the pages with a user name and token: the session has the token's role and ends with the token or the account. */
describe('user page sessions', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'mbd-web-user-sessions-'));
  let web: WebApp;

  const api = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${web.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${ADMIN_TOKEN_FOR_TESTS}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return (await response.json()) as Record<string, string>;
  };
  const signIn = async (name: string, token: string) => {
    const response = await fetch(`${web.url}/sign-in`, form({ name, token, next: '/' }));
    return { status: response.status, cookie: response.headers.get('set-cookie')?.split(';')[0] };
  };
  const csrf = async (cookie: string) => csrfOf(await (await fetch(`${web.url}/sign-in`, { headers: { cookie } })).text());

  beforeAll(async () => {
    web = await startWebApp({ dataDir, timeTravel: { resolve: async () => 1, treeAt: async () => dataDir } });
    await api('POST', '/api/users', { name: 'jane', role: 'maintainer' });
  });
  afterAll(async () => {
    await web.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('signs a user in with their name and token, not with another name or a wrong token', async () => {
    const { token } = await api('POST', '/api/tokens', { name: 'browser', user: 'jane' });
    expect((await signIn('bob', token!)).status).toBe(401);
    expect((await signIn('jane', 'mbd_wrong-token-0123456789abcdef')).status).toBe(401);
    const signedIn = await signIn('jane', token!);
    expect(signedIn.status).toBe(303);
    expect(await csrf(signedIn.cookie!)).toBeDefined();
  });

  it("refuses a maintainer's session a staff form (403 naming why)", async () => {
    const { token } = await api('POST', '/api/tokens', { name: 'forms', user: 'jane' });
    const { cookie } = await signIn('jane', token!);
    const response = await fetch(`${web.url}/packages/hello/migrate`, form({ _csrf: (await csrf(cookie!))!, distribution: 'bookworm-test-unstable' }, cookie));
    expect(response.status).toBe(403);
    expect(await response.text()).toContain('this call needs the staff role; jane acts as maintainer');
    expect(web.calls.migrations).toEqual([]);
  });

  it('shows the users page to admins only, and lets a user issue a token on their account page, shown once', async () => {
    const admin = await signIn('', ADMIN_TOKEN_FOR_TESTS);
    const users = await fetch(`${web.url}/users`, { headers: { cookie: admin.cookie! } });
    expect(users.status).toBe(200);
    expect(await users.text()).toContain('jane');
    const { token } = await api('POST', '/api/tokens', { name: 'pages', user: 'jane' });
    const { cookie } = await signIn('jane', token!);
    expect((await fetch(`${web.url}/users`, { headers: { cookie: cookie! } })).status).toBe(403);
    const issued = await fetch(`${web.url}/account/tokens`, form({ _csrf: (await csrf(cookie!))!, name: 'second-laptop' }, cookie));
    const page = await issued.text();
    expect(issued.status, page).toBe(200);
    const shown = /<code>(mbd_[A-Za-z0-9_-]+)<\/code>/.exec(page)?.[1];
    expect(shown).toBeDefined();
    expect((await fetch(`${web.url}/api/tokens`, { headers: { authorization: `Bearer ${shown}` } })).status).toBe(200);
    const account = await (await fetch(`${web.url}/account`, { headers: { cookie: cookie! } })).text();
    expect(account).toContain('second-laptop');
    expect(account).not.toContain(shown);
  });

  it('ends the session when its token is revoked or the user disabled', async () => {
    const first = await api('POST', '/api/tokens', { name: 'revoked-one', user: 'jane' });
    const one = await signIn('jane', first.token!);
    expect(await csrf(one.cookie!)).toBeDefined();
    await api('DELETE', `/api/tokens/${first.id}`);
    expect(await csrf(one.cookie!)).toBeUndefined();

    const second = await api('POST', '/api/tokens', { name: 'disabled-one', user: 'jane' });
    const two = await signIn('jane', second.token!);
    expect(await csrf(two.cookie!)).toBeDefined();
    await api('POST', '/api/users/jane/disable', {});
    expect(await csrf(two.cookie!)).toBeUndefined();
    expect((await signIn('jane', second.token!)).status).toBe(401);
  });
});
