import { describe, expect, it } from 'vitest';
import { PageSessions, SESSION_COOKIE, SESSION_SECONDS } from './page-session.js';
import { safeNext } from './sign-in.page.js';

const TOKEN = 'a-long-enough-admin-token-0123456789';
const cookieOf = (setCookie: string) => setCookie.split(';')[0]!;

describe('PageSessions', () => {
  it('signs a person in with an HttpOnly, SameSite=Strict cookie that names them back', () => {
    const sessions = new PageSessions(TOKEN);
    const setCookie = sessions.signIn('admin', false);
    expect(setCookie).toMatch(new RegExp(`^${SESSION_COOKIE}=`));
    expect(setCookie).toContain('HttpOnly');
    expect(setCookie).toContain('SameSite=Strict');
    expect(setCookie).not.toContain('Secure');
    expect(sessions.signIn('admin', true)).toContain('Secure');
    expect(sessions.viewer(cookieOf(setCookie))?.name).toBe('admin');
  });

  it('refuses a forged, altered, foreign or expired cookie', () => {
    let now = Date.now();
    const sessions = new PageSessions(TOKEN, () => now);
    const cookie = cookieOf(sessions.signIn('admin', false));
    const [payload, mac] = cookie.slice(SESSION_COOKIE.length + 1).split('.');
    const altered = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload!, 'base64url').toString()), sub: 'root' })).toString('base64url');
    expect(sessions.viewer(`${SESSION_COOKIE}=${altered}.${mac}`)).toBeUndefined();
    const flipped = `${mac!.startsWith('x') ? 'y' : 'x'}${mac!.slice(1)}`;
    expect(sessions.viewer(`${SESSION_COOKIE}=${payload}.${flipped}`)).toBeUndefined();
    expect(new PageSessions('another-admin-token-0123456789').viewer(cookie)).toBeUndefined();
    expect(sessions.viewer(undefined)).toBeUndefined();
    expect(sessions.viewer('other=1')).toBeUndefined();
    now += SESSION_SECONDS * 1000 + 1;
    expect(sessions.viewer(cookie)).toBeUndefined();
  });

  it('binds CSRF tokens to the session: another session’s token or none is refused', () => {
    const sessions = new PageSessions(TOKEN);
    const one = sessions.viewer(cookieOf(sessions.signIn('admin', false)))!;
    const two = sessions.viewer(cookieOf(sessions.signIn('admin', false)))!;
    expect(sessions.validCsrf(one, sessions.csrfToken(one))).toBe(true);
    expect(sessions.validCsrf(one, sessions.csrfToken(two))).toBe(false);
    expect(sessions.validCsrf(one, undefined)).toBe(false);
    expect(sessions.validCsrf(one, ['x'])).toBe(false);
  });

  it('goes back after signing in only to a path of this site', () => {
    expect(safeNext('/packages/hello')).toBe('/packages/hello');
    expect(safeNext('//evil.example/')).toBe('/');
    expect(safeNext('/\\evil.example/')).toBe('/');
    expect(safeNext('https://evil.example/')).toBe('/');
    expect(safeNext(undefined)).toBe('/');
  });
});
