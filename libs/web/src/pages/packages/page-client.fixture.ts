import { expect } from 'vitest';
import { ADMIN_TOKEN_FOR_TESTS } from '../../testing/web-app.fixture.js';

/** A browser of the pages for int specs: GETs and URL-encoded POSTs that never follow redirects, and signing in. */
export interface PageClient {
  page(path: string, cookie?: string): Promise<Response>;
  /** A form post; a field with several values (checkboxes) is sent once per value. */
  post(path: string, fields: Readonly<Record<string, string | readonly string[]>>, cookie?: string): Promise<Response>;
  /** Signs in with the admin token; the session cookie and the CSRF token of the forms on `path`. */
  signIn(path: string): Promise<{ readonly cookie: string; readonly csrf: string }>;
}

export function pageClient(url: () => string): PageClient {
  const page = (path: string, cookie?: string) => fetch(`${url()}${path}`, { headers: { accept: 'text/html', ...(cookie ? { cookie } : {}) }, redirect: 'manual' });
  const post = (path: string, fields: Readonly<Record<string, string | readonly string[]>>, cookie?: string) => {
    const body = new URLSearchParams();
    for (const [name, value] of Object.entries(fields)) for (const one of typeof value === 'string' ? [value] : value) body.append(name, one);
    return fetch(`${url()}${path}`, {
      method: 'POST',
      headers: { accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded', ...(cookie ? { cookie } : {}) },
      body: body.toString(),
      redirect: 'manual',
    });
  };
  const signIn = async (path: string) => {
    const response = await post('/sign-in', { token: ADMIN_TOKEN_FOR_TESTS, next: path });
    expect(response.status).toBe(303);
    const cookie = response.headers.get('set-cookie')!.split(';')[0]!;
    const html = await (await page(path, cookie)).text();
    const csrf = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
    expect(csrf, `a form with a CSRF token on ${path}`).toBeTruthy();
    return { cookie, csrf: csrf! };
  };
  return { page, post, signIn };
}
