import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MbdConfig } from '@mbd/config';

/** Shorter admin tokens are refused at start-up: an empty or short token would let anyone write. */
export const MIN_ADMIN_TOKEN_LENGTH = 16;

/** Where the generated admin token lives (mode 0600); `mbd` users read it from there or from MBD_TOKEN. */
export const adminTokenPath = (config: MbdConfig): string => join(config.dataDir, 'admin-token');

/** An admin token that must not be used; start-up stops with this message, which names its source. */
export class AdminTokenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AdminTokenError';
  }
}

const checked = (token: string, source: string): string => {
  if (token.length < MIN_ADMIN_TOKEN_LENGTH) {
    throw new AdminTokenError(
      `the admin token in ${source} has ${token.length} characters; it needs at least ${MIN_ADMIN_TOKEN_LENGTH} ` +
        `(put a long random one there, or remove the file to have one generated)`,
    );
  }
  return token;
};

/**
 * MBD_ADMIN_TOKEN if set, else the token in the data dir, generated on first start. Never logged.
 * Throws AdminTokenError for a token shorter than MIN_ADMIN_TOKEN_LENGTH (an empty file included).
 */
export function loadOrCreateAdminToken(config: MbdConfig): string {
  if (config.adminToken !== undefined) return checked(config.adminToken.trim(), 'MBD_ADMIN_TOKEN');
  const path = adminTokenPath(config);
  let content: string;
  try {
    content = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
    const token = randomBytes(24).toString('hex');
    writeFileSync(path, `${token}\n`, { mode: 0o600, flag: 'wx' });
    return token;
  }
  return checked(content.trim(), path);
}
