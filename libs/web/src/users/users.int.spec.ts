import { SqliteEventStore, EventStore } from '@mbd/events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN_FOR_TESTS, startWebApp, type WebApp } from '../testing/web-app.fixture.js';

/** Users, tokens and the guard through the real WebModule on a real SQLite event store. */
describe('users and tokens', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'mbd-web-users-'));
  let store: SqliteEventStore;
  let web: WebApp;

  const call = async (method: string, path: string, token: string | undefined, body?: unknown) => {
    const response = await fetch(`${web.url}${path}`, {
      method,
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> & { message?: string } };
  };
  const admin = (method: string, path: string, body?: unknown) => call(method, path, ADMIN_TOKEN_FOR_TESTS, body);
  const issue = async (user: string, extra: Record<string, unknown> = {}) => {
    const answer = await admin('POST', '/api/tokens', { name: `t-${Math.random().toString(36).slice(2)}`, user, ...extra });
    expect(answer.status).toBe(201);
    return answer.body as { id: string; token: string };
  };
  const migrate = (token: string) => call('POST', '/api/packages/migrate', token, { distribution: 'bookworm-test-unstable', source: 'hello' });

  beforeAll(async () => {
    store = await SqliteEventStore.open(join(dataDir, 'events.sqlite'));
    web = await startWebApp({ dataDir, timeTravel: { resolve: async () => 1, treeAt: async () => dataDir }, providers: [{ provide: EventStore, useValue: store }] });
    expect((await admin('POST', '/api/users', { name: 'jane', role: 'maintainer', email: 'jane@example.org' })).status).toBe(201);
    expect((await admin('POST', '/api/users', { name: 'sam', role: 'staff' })).status).toBe(201);
  });
  afterAll(async () => {
    await web.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("refuses a maintainer's token an admin's or staff's work (403 naming why), and lets staff migrate as themselves", async () => {
    const jane = await issue('jane');
    const refused = await migrate(jane.token);
    expect(refused.status).toBe(403);
    expect(refused.body.message).toBe('this call needs the staff role; jane acts as maintainer');
    expect((await call('POST', '/api/users', jane.token, { name: 'eve', role: 'admin' })).status).toBe(403);
    expect((await call('POST', '/api/chroots/create', jane.token, { codename: 'bookworm', architecture: 'amd64' })).status).toBe(403);
    const sam = await issue('sam');
    expect((await migrate(sam.token)).status).toBe(201);
    expect(web.calls.migrations).toContainEqual({ distribution: 'bookworm-test-unstable', source: 'hello' });
  });

  it('refuses a revoked token at once, and an unknown one with 401', async () => {
    const sam = await issue('sam');
    expect((await call('GET', '/api/tokens', sam.token)).status).toBe(200);
    const revoked = await call('DELETE', `/api/tokens/${sam.id}`, sam.token);
    expect(revoked.status).toBe(200);
    const after = await migrate(sam.token);
    expect(after.status).toBe(401);
    expect(after.body.message).toContain('revoked');
    expect((await migrate('mbd_not-a-token-at-all-0123456789')).status).toBe(401);
  });

  it('refuses a read-only token on POST and takes it on reads', async () => {
    const sam = await issue('sam', { readOnly: true });
    const refused = await migrate(sam.token);
    expect(refused.status).toBe(403);
    expect(refused.body.message).toContain('read-only');
    expect((await call('GET', '/api/tokens', sam.token)).status).toBe(200);
  });

  it('refuses a repository-limited token on another repository', async () => {
    const sam = await issue('sam', { repositories: ['other'] });
    const refused = await migrate(sam.token);
    expect(refused.status).toBe(403);
    expect(refused.body.message).toContain('limited to other, not test');
  });

  it("lets a user see and revoke only their own tokens, and lists none of the secrets", async () => {
    const jane = await issue('jane');
    const sam = await issue('sam');
    expect((await call('DELETE', `/api/tokens/${sam.id}`, jane.token)).status).toBe(403);
    const listed = await call('GET', '/api/tokens', jane.token);
    expect(JSON.stringify(listed.body)).not.toContain(jane.token);
    expect(JSON.stringify(listed.body)).not.toContain(sam.id);
    expect((await call('GET', '/api/tokens?user=sam', jane.token)).status).toBe(403);
  });

  it('issues no token broader than the one asking: not unlimited from a limited one, no higher role, none from a read-only one', async () => {
    const limited = await issue('sam', { repositories: ['test'] });
    const unlimited = await call('POST', '/api/tokens', limited.token, { name: 'wider' });
    expect(unlimited.status).toBe(403);
    expect(unlimited.body.message).toContain('must be limited to those repositories too');
    expect((await call('POST', '/api/tokens', limited.token, { name: 'same', repositories: ['test'] })).status).toBe(201);
    const jane = await issue('jane');
    const higher = await call('POST', '/api/tokens', jane.token, { name: 'higher', role: 'staff' });
    expect(higher.status).toBe(403);
    const readOnly = await issue('sam', { readOnly: true });
    expect((await call('POST', '/api/tokens', readOnly.token, { name: 'from-read-only' })).status).toBe(403);
  });

  it('keeps a registration pending, its token refused, until an admin approves it', async () => {
    const registered = await call('POST', '/api/users/register', undefined, { name: 'joe', email: 'joe@example.org' });
    expect(registered.status).toBe(201);
    const token = registered.body['token'] as string;
    expect(token).toMatch(/^mbd_/);
    const pending = await call('GET', '/api/tokens', token);
    expect(pending.status).toBe(403);
    expect(pending.body.message).toContain("waits for an admin's approval");
    expect((await call('POST', '/api/users/register', undefined, { name: 'joe', email: 'joe@example.org' })).status).toBe(409);
    expect((await call('POST', '/api/users/register', undefined, { name: 'Bad Name', email: 'x' })).status).toBe(400);
    expect((await admin('POST', '/api/users/joe/approve')).status).toBe(200);
    expect((await call('GET', '/api/tokens', token)).status).toBe(200);
    expect((await admin('POST', '/api/users/joe/disable', {})).status).toBe(200);
    expect((await call('GET', '/api/tokens', token)).status).toBe(403);
  });

  it('takes at most MBD_MAX_PENDING_REGISTRATIONS waiting registrations (503 beyond), and none with 0', async () => {
    const bounded = await startWebApp({ dataDir, timeTravel: { resolve: async () => 1, treeAt: async () => dataDir }, env: { maxPendingRegistrations: 1 } });
    try {
      const register = (name: string) => fetch(`${bounded.url}/api/users/register`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name, email: `${name}@example.org` }) });
      expect((await register('first')).status).toBe(201);
      const second = await register('second');
      expect(second.status).toBe(503);
      expect(((await second.json()) as { message: string }).message).toContain('too many registrations wait for approval');
    } finally {
      await bounded.close();
    }
  });

  it('records the real actor and never a token in the log', async () => {
    const jane = await issue('jane');
    const sam = await issue('sam');
    expect((await call('DELETE', `/api/tokens/${sam.id}`, jane.token)).status).toBe(403);
    expect((await call('DELETE', `/api/tokens/${jane.id}`, jane.token)).status).toBe(200);
    const events = await store.readAll({ after: 0, limit: 1000 });
    const byJane = events.filter((event) => event.metadata.actor.kind === 'user' && event.metadata.actor.name === 'jane').map((event) => [event.type, event.data]);
    expect(byJane).toContainEqual(['UserCommandRefused', expect.objectContaining({ command: 'token revoke', reason: 'forbidden', user: 'sam' })]);
    expect(byJane).toContainEqual(['TokenRevoked', { id: jane.id, user: 'jane' }]);
    expect(events.find((event) => event.type === 'UserCreated')?.metadata.actor).toEqual({ kind: 'user', name: 'admin' });
    expect(JSON.stringify(events)).not.toContain(jane.token);
  });
});
