import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MbdConfig } from '@mbd/config';

/** Where the generated admin token lives (mode 0600); `mbd` users read it from there or from MBD_TOKEN. */
export const adminTokenPath = (config: MbdConfig): string => join(config.dataDir, 'admin-token');

/** MBD_ADMIN_TOKEN if set, else the token in the data dir, generated on first start. Never logged. */
export function loadOrCreateAdminToken(config: MbdConfig): string {
  if (config.adminToken) return config.adminToken;
  const path = adminTokenPath(config);
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
    const token = randomBytes(24).toString('hex');
    writeFileSync(path, `${token}\n`, { mode: 0o600, flag: 'wx' });
    return token;
  }
}
