import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { parse, serialize } from 'cookie';
import type { Principal, Role } from '../../auth/principal.js';

/** What a valid session cookie says: who signed in, the session's id and the token they signed in with. */
export interface SignedSession {
  readonly name: string;
  /** The session's id, which the CSRF token of its forms is bound to. */
  readonly session: string;
  /** The id of the user's API token the session was made with (none: the admin token). */
  readonly tokenId?: string;
}

/** Who reads a page: a signed-in person, with the role (and limits) of the token they signed in with, as of now. */
export interface Viewer extends SignedSession {
  readonly role: Role;
  readonly principal: Principal;
}

export const SESSION_COOKIE = 'mbd_session';
/** A session lasts this long; signing in again starts a new one. */
export const SESSION_SECONDS = 12 * 60 * 60;

interface SessionClaims {
  readonly sid: string;
  readonly sub: string;
  readonly exp: number;
  readonly tid?: string;
}

const base64url = (bytes: Buffer | string) => Buffer.from(bytes).toString('base64url');
const sameBytes = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/**
 * Signed session cookies and CSRF tokens for the web pages. Nothing is stored: a cookie is its claims
 * (session id, person, expiry) and an HMAC of them, keyed by a secret derived from the admin token, so
 * a new admin token ends every session. A form carries a CSRF token bound to its session (an HMAC of
 * the session id), checked on every POST besides SameSite=Strict.
 */
export class PageSessions {
  private readonly key: Buffer;

  constructor(
    adminToken: string,
    private readonly now: () => number = Date.now,
  ) {
    this.key = createHmac('sha256', adminToken).update('mbd web session v1').digest();
  }

  /**
   * The Set-Cookie value that signs `name` in for SESSION_SECONDS (with their token `tokenId`: the
   * session lasts only while that token works); `secure` when the page came over HTTPS.
   */
  signIn(name: string, secure: boolean, tokenId?: string): string {
    const claims: SessionClaims = { sid: base64url(randomBytes(18)), sub: name, exp: Math.floor(this.now() / 1000) + SESSION_SECONDS, ...(tokenId === undefined ? {} : { tid: tokenId }) };
    const payload = base64url(JSON.stringify(claims));
    return serialize(SESSION_COOKIE, `${payload}.${this.mac(payload)}`, {
      httpOnly: true,
      sameSite: 'strict',
      secure,
      path: '/',
      maxAge: SESSION_SECONDS,
    });
  }

  /** The Set-Cookie value that ends the session in the browser. */
  signOut(secure: boolean): string {
    return serialize(SESSION_COOKIE, '', { httpOnly: true, sameSite: 'strict', secure, path: '/', maxAge: 0 });
  }

  /** The session of a request's Cookie header, or undefined (no cookie, a forged or expired one). */
  viewer(cookieHeader: string | undefined): SignedSession | undefined {
    const value = cookieHeader ? parse(cookieHeader)[SESSION_COOKIE] : undefined;
    if (!value) return undefined;
    const [payload = '', mac = ''] = value.split('.');
    if (!sameBytes(mac, this.mac(payload))) return undefined;
    let claims: SessionClaims;
    try {
      claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as SessionClaims;
    } catch {
      return undefined;
    }
    if (typeof claims.sid !== 'string' || typeof claims.sub !== 'string' || typeof claims.exp !== 'number') return undefined;
    if (claims.exp * 1000 <= this.now()) return undefined;
    if (claims.tid !== undefined && typeof claims.tid !== 'string') return undefined;
    return { name: claims.sub, session: claims.sid, ...(claims.tid === undefined ? {} : { tokenId: claims.tid }) };
  }

  /** The CSRF token the forms of this viewer's pages carry. */
  csrfToken(viewer: Pick<SignedSession, 'session'>): string {
    return this.mac(`csrf:${viewer.session}`);
  }

  /** Whether a submitted CSRF token belongs to this viewer's session. */
  validCsrf(viewer: Pick<SignedSession, 'session'>, token: unknown): boolean {
    return typeof token === 'string' && sameBytes(token, this.csrfToken(viewer));
  }

  private mac(text: string): string {
    return createHmac('sha256', this.key).update(text).digest('base64url');
  }
}
