import { configSchema } from '@mbd/config';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startWebApp } from '../testing/web-app.fixture.js';
import { AdminTokenError, loadOrCreateAdminToken } from './admin-token.js';

describe('the admin token at start-up', () => {
  let dataDir: string;
  beforeEach(() => (dataDir = mkdtempSync(join(tmpdir(), 'mbd-admin-token-'))));
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('stops start-up on an empty admin-token file, naming the file', () => {
    const path = join(dataDir, 'admin-token');
    writeFileSync(path, '\n');
    expect(() => loadOrCreateAdminToken(configSchema.parse({ dataDir }))).toThrow(AdminTokenError);
    expect(() => loadOrCreateAdminToken(configSchema.parse({ dataDir }))).toThrow(`the admin token in ${path} has 0 characters; it needs at least 16`);
  });

  it('stops start-up on a short admin-token file', () => {
    writeFileSync(join(dataDir, 'admin-token'), 'secret\n');
    expect(() => loadOrCreateAdminToken(configSchema.parse({ dataDir }))).toThrow(/has 6 characters; it needs at least 16/);
  });

  it('stops start-up on a blank MBD_ADMIN_TOKEN, naming the variable', () => {
    expect(() => loadOrCreateAdminToken(configSchema.parse({ dataDir, adminToken: ' '.repeat(20) }))).toThrow(/the admin token in MBD_ADMIN_TOKEN has 0 characters/);
  });

  it('generates a long token into a missing file, mode 0600, and reads it back', () => {
    const token = loadOrCreateAdminToken(configSchema.parse({ dataDir }));
    expect(token).toMatch(/^[0-9a-f]{48}$/);
    expect(readFileSync(join(dataDir, 'admin-token'), 'utf8')).toBe(`${token}\n`);
    expect(statSync(join(dataDir, 'admin-token')).mode & 0o777).toBe(0o600);
    expect(loadOrCreateAdminToken(configSchema.parse({ dataDir }))).toBe(token);
  });

  it('makes the web application fail to start on an empty file', async () => {
    writeFileSync(join(dataDir, 'admin-token'), '');
    const starting = startWebApp({ dataDir, timeTravel: { resolve: async () => 1, treeAt: async () => dataDir }, env: { adminToken: undefined } });
    await expect(starting).rejects.toThrow(`the admin token in ${join(dataDir, 'admin-token')} has 0 characters`);
  });
});
