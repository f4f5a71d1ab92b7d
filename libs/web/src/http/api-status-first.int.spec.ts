import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StatusRegistry } from '../status/status.service.js';
import { startWebApp, type WebApp } from '../testing/web-app.fixture.js';

/** `GET /api/status` answered before the Nest stack (apiStatusFirst, installed by configureHttp): the controller's body, never stale. */
describe('GET /api/status before the Nest stack', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'mbd-web-status-first-'));
  let web: WebApp;
  let head = 0;

  beforeAll(async () => {
    const timeTravel = { resolve: () => Promise.reject(new Error('no time travel here')), treeAt: () => Promise.reject(new Error('no time travel here')) };
    web = await startWebApp({ dataDir, timeTravel });
    web.app.get(StatusRegistry).register({ name: 'eventStore', status: () => ({ head }) });
  });
  afterAll(async () => {
    await web.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers the body the controller gives (mini-buildd fields, start, every part), as JSON', async () => {
    const fast = await fetch(`${web.url}/api/status`);
    expect(fast.status).toBe(200);
    expect(fast.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const body = (await fast.json()) as Record<string, unknown>;
    // With a query the controller answers (its pipe reads the query).
    const controller = (await (await fetch(`${web.url}/api/status?with_repositories=0`)).json()) as Record<string, unknown>;
    expect(Object.keys(body)).toEqual(Object.keys(controller));
    expect({ ...body, uptimeSeconds: 0 }).toEqual({ ...controller, uptimeSeconds: 0 });
    expect(body).toMatchObject({ version: '0.1.0', eventStore: { head: 0 } });
    expect(body['repositories']).toBeUndefined();
  });

  it('changes as soon as the state does, also under many requests at once', async () => {
    head = 7;
    expect(((await (await fetch(`${web.url}/api/status`)).json()) as { eventStore: { head: number } }).eventStore.head).toBe(7);
    const many = Array.from({ length: 20 }, () => fetch(`${web.url}/api/status`).then((response) => response.json() as Promise<{ eventStore: { head: number } }>));
    head = 8;
    const after = await fetch(`${web.url}/api/status`).then((response) => response.json() as Promise<{ eventStore: { head: number } }>);
    expect(after.eventStore.head).toBe(8);
    for (const body of await Promise.all(many)) expect([7, 8]).toContain(body.eventStore.head);
  });

  it('leaves other methods to the API', async () => {
    expect((await fetch(`${web.url}/api/status`, { method: 'POST' })).status).toBe(404);
  });
});
