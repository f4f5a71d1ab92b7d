import { timingSafeEqual } from 'node:crypto';
import { MIN_ADMIN_TOKEN_LENGTH } from './admin-token.js';

/** The token of `Authorization: Bearer <token>`, else undefined. */
export function bearerToken(authorization: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  return match?.[1];
}

/**
 * The password of `Authorization: Basic base64(<user>:<password>)`, else undefined: how apt sends
 * credentials (auth.conf, or user:password in the URI). Taken for reads only, never for API writes,
 * where a browser's remembered Basic credentials would allow cross-site requests.
 */
export function basicPassword(authorization: string | undefined): string | undefined {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(authorization ?? '');
  if (!match) return undefined;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? undefined : decoded.slice(colon + 1);
}

/** Whether `given` is the admin token; an empty or short expected token never matches anything. */
export function isAdminToken(given: string | undefined, expected: string): boolean {
  if (!given || expected.length < MIN_ADMIN_TOKEN_LENGTH) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
