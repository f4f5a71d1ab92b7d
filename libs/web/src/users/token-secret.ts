import { createHash, randomBytes, randomUUID } from 'node:crypto';

/** A new API token: 32 random bytes (a token is high-entropy, so a plain SHA-256 of it cannot be guessed back). */
export interface NewTokenSecret {
  /** Shown once to whoever asked; never stored. */
  readonly token: string;
  readonly id: string;
  readonly sha256: string;
}

/** The SHA-256 (hex) of a token: what the log keeps and what a presented token is looked up by. */
export const tokenHash = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex');

/** `mbd_<43 base64url characters>`: the prefix makes a leaked token easy to recognize (secret scanners). */
export const newTokenSecret = (): NewTokenSecret => {
  const token = `mbd_${randomBytes(32).toString('base64url')}`;
  return { token, id: randomUUID().replaceAll('-', '').slice(0, 16), sha256: tokenHash(token) };
};
