import { ProjectionsService } from '@mbd/projections';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN_FOR_TESTS, startWebApp, type WebApp } from '../testing/web-app.fixture.js';

const registered = {
  position: 1,
  id: 'e1',
  streamId: 'user-joe',
  type: 'UserRegistered',
  version: 1,
  actor: 'user:joe',
  correlationId: 'c1',
  occurredAt: '2026-12-01T00:00:00.000Z',
  data: { name: 'joe', email: 'joe@example.org' },
};

/** GET /api/events through the real WebModule: anyone reads the log, only an admin's token shows people's addresses. */
describe('the audit log API', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'mbd-web-events-'));
  let web: WebApp;
  const read = async (token?: string) => {
    const response = await fetch(`${web.url}/api/events`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
    expect(response.status).toBe(200);
    return JSON.stringify(await response.json());
  };

  beforeAll(async () => {
    const projections = { listBuildQueue: async () => [], listAuditLog: async () => ({ items: [registered], nextAfter: null }) };
    web = await startWebApp({ dataDir, timeTravel: { resolve: async () => 1, treeAt: async () => dataDir }, providers: [{ provide: ProjectionsService, useValue: projections }] });
  });
  afterAll(async () => {
    await web.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('hides e-mail addresses from anonymous readers and shows them to an admin', async () => {
    const anonymous = await read();
    expect(anonymous).toContain('UserRegistered');
    expect(anonymous).not.toContain('joe@example.org');
    expect(await read('mbd_not-a-known-token-0123456789')).not.toContain('joe@example.org');
    expect(await read(ADMIN_TOKEN_FOR_TESTS)).toContain('joe@example.org');
  });
});
