import { ArchiveCommandsService, ArchiveRequestError, ExternalPortService, PortLineageService } from '@mbd/workflows';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN_FOR_TESTS, startWebApp, type WebApp } from '../testing/web-app.fixture.js';

describe('POST /api/packages/port, /port-ext and GET /api/packages/ports through the HTTP stack', () => {
  let web: WebApp;
  let dataDir: string;
  const ports: unknown[][] = [];
  const externalPorts: unknown[][] = [];

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'mbd-ports-web-'));
    web = await startWebApp({
      dataDir,
      timeTravel: { resolve: async () => 1, treeAt: async () => dataDir },
      providers: [
        {
          provide: ArchiveCommandsService,
          useValue: {
            port: async (...args: unknown[]) => {
              ports.push(args);
              if (args[2] && (args[2] as string[]).includes('nowhere-test-unstable')) throw new ArchiveRequestError('distribution-unknown', 'Unknown distribution nowhere-test-unstable');
              return [{ distribution: 'trixie-test-unstable', events: [{ position: 9, type: 'PackagePorted', data: {} }] }];
            },
          },
        },
        {
          provide: ExternalPortService,
          useValue: {
            port: async (...args: unknown[]) => {
              externalPorts.push(args);
              throw new ArchiveRequestError('bad-request', 'port_ext of http://x/h_1.0.dsc refused (signature-invalid): h_1.0.dsc: not signed');
            },
          },
        },
        { provide: PortLineageService, useValue: { list: async (filter: unknown) => [{ position: 9, filter }] } },
      ],
    });
  });
  afterAll(async () => {
    await web.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const post = (path: string, body: unknown, token: string | null = ADMIN_TOKEN_FOR_TESTS) =>
    fetch(`${web.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });

  it('needs the admin token for a port, and runs nothing without it', async () => {
    const response = await post('/api/packages/port', { source: 'hello', from: 'bookworm-test-unstable', to: ['trixie-test-unstable'] }, null);
    expect(response.status).toBe(401);
    expect((await post('/api/packages/port-ext', { dsc: 'http://x/h_1.0.dsc', to: ['trixie-test-unstable'] }, null)).status).toBe(401);
    expect(ports).toEqual([]);
    expect(externalPorts).toEqual([]);
  });

  it('answers bad input with 400 and the reason: no target, an unknown field, an empty option (the decider checks what an option says)', async () => {
    for (const body of [
      { source: 'hello', from: 'bookworm-test-unstable', to: [] },
      { source: 'hello', from: 'bookworm-test-unstable', to: ['trixie-test-unstable'], force: true },
      { source: 'hello', from: 'bookworm-test-unstable', to: ['trixie-test-unstable'], options: [''] },
    ]) {
      const response = await post('/api/packages/port', body);
      expect(response.status, JSON.stringify(body)).toBe(400);
    }
    expect(ports).toEqual([]);
  });

  it('runs a port as the admin with the version and options given, and answers an unknown target 404', async () => {
    const response = await post('/api/packages/port', { source: 'hello', from: 'bookworm-test-unstable', to: ['trixie-test-unstable'], version: '1.0-1~test13+5', options: ['lintian-mode=ignore'] });
    expect(response.status).toBe(201);
    expect(ports.at(-1)).toMatchObject(['hello', 'bookworm-test-unstable', ['trixie-test-unstable'], { version: '1.0-1~test13+5', options: ['lintian-mode=ignore'] }, { actor: { kind: 'user', name: 'admin' } }]);
    const unknown = await post('/api/packages/port', { source: 'hello', from: 'bookworm-test-unstable', to: ['nowhere-test-unstable'] });
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toContain('nowhere-test-unstable');
  });

  it('answers a refused port_ext with 400 and its reason', async () => {
    const response = await post('/api/packages/port-ext', { dsc: 'http://x/h_1.0.dsc', to: ['trixie-test-unstable'] });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('signature-invalid');
    expect(externalPorts.at(-1)).toMatchObject([{ dsc: 'http://x/h_1.0.dsc', to: ['trixie-test-unstable'], allowUnauthenticated: false }, { actor: { kind: 'user', name: 'admin' } }]);
  });

  it('lists ports for anyone, filtered', async () => {
    const response = await fetch(`${web.url}/api/packages/ports?source=hello`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual([{ position: 9, filter: { source: 'hello' } }]);
    expect((await fetch(`${web.url}/api/packages/ports?bogus=1`)).status).toBe(400);
  });
});
