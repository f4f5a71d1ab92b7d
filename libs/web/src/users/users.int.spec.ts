import { SqliteEventStore, EventStore } from '@mbd/events';
import { ProjectionsService } from '@mbd/projections';
import { ConfigurationService } from '@mbd/workflows';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleRepository } from '../pages/repositories/sample-repository.fixture.js';
import { ADMIN_TOKEN_FOR_TESTS, startWebApp, type WebApp } from '../testing/web-app.fixture.js';

/** Two repositories, `test` and `other`; a build and an upload in `other`. */
const configuration = { current: () => ({ repositories: new Map([['test', sampleRepository], ['other', { ...sampleRepository, repository: 'other' }]]), uploaders: [], chroots: new Map() }) };
const projections = {
  listBuildQueue: async () => [{ buildId: 'b-other', uploadId: 'u-other', distribution: 'bookworm-other-unstable', architecture: 'amd64' }],
  getUpload: async (uploadId: string) => (uploadId === 'u-other' ? { uploadId, distribution: 'bookworm-other-unstable', changesDistribution: 'bookworm-other-unstable' } : undefined),
  listAuditLog: async () => ({ items: [], nextAfter: null }),
};

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
    web = await startWebApp({ dataDir, timeTravel: { resolve: async () => 1, treeAt: async () => dataDir }, providers: [{ provide: EventStore, useValue: store }, { provide: ConfigurationService, useValue: configuration }, { provide: ProjectionsService, useValue: projections }] });
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

  it('checks a repository-limited token against every repository a call reaches, and refuses it where a call names none', async () => {
    const sam = await issue('sam', { repositories: ['test'] });
    const refusal = async (method: string, path: string, body?: unknown) => {
      const answer = await call(method, path, sam.token, body);
      expect(answer.status, `${method} ${path}`).toBe(403);
      return answer.body.message;
    };
    expect(await refusal('POST', '/api/packages/migrate', { distribution: 'bookworm-other-unstable', repository: 'test', source: 'hello' })).toContain('limited to test, not other');
    expect(await refusal('POST', '/api/packages/remove', { distribution: 'bookworm-other-unstable-rollback0', source: 'hello' })).toContain('not other');
    expect(await refusal('POST', '/api/packages/port', { source: 'hello', from: 'bookworm-test-unstable', to: ['bookworm-test-unstable', 'bookworm-other-unstable'] })).toContain('not other');
    expect(await refusal('POST', '/api/packages/migrate', { distribution: 'bookworm-nowhere-unstable', source: 'hello' })).toContain('No such repository: nowhere');
    expect(await refusal('POST', '/api/packages/migrate', { distribution: ['bookworm-test-unstable', 'bookworm-other-unstable'], source: 'hello' })).toContain('not other');
    expect(await refusal('POST', '/api/builds/b-other/retry')).toContain('not other');
    expect(await refusal('POST', '/api/uploads/u-other/retry', {})).toContain('not other');
    expect(await refusal('POST', '/api/snapshots', { distribution: 'bookworm-test-unstable' })).toContain('names no repository');
    expect((await migrate(sam.token)).status).toBe(201);
    expect((await call('GET', '/api/whoami', sam.token)).status).toBe(200);
  });

  it('takes no field a call does not know (strict bodies): a `repository` beside the distribution is a 400', async () => {
    const answer = await admin('POST', '/api/packages/migrate', { distribution: 'bookworm-test-unstable', source: 'hello', repository: 'test' });
    expect(answer.status).toBe(400);
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

  it('issues no token outliving the one asking, and lets a token revoke only tokens no broader than itself', async () => {
    const expires = new Date(Date.now() + 3_600_000).toISOString();
    const hourly = await issue('sam', { expires });
    const forever = await call('POST', '/api/tokens', hourly.token, { name: 'forever' });
    expect(forever.status).toBe(201);
    expect(forever.body['expires']).toBe(expires);
    const later = await call('POST', '/api/tokens', hourly.token, { name: 'later', expires: new Date(Date.now() + 7_200_000).toISOString() });
    expect(later.body['expires']).toBe(expires);
    const unlimited = await issue('sam');
    const limited = await issue('sam', { repositories: ['test'] });
    const sibling = await issue('sam', { repositories: ['test'] });
    const maintainer = await issue('sam', { role: 'maintainer' });
    expect((await call('DELETE', `/api/tokens/${unlimited.id}`, limited.token)).body.message).toContain('reaches repositories yours (test) does not');
    expect((await call('DELETE', `/api/tokens/${unlimited.id}`, hourly.token)).body.message).toContain('outlives yours');
    expect((await call('DELETE', `/api/tokens/${unlimited.id}`, maintainer.token)).body.message).toContain('more than your maintainer');
    expect((await call('DELETE', `/api/tokens/${sibling.id}`, limited.token)).status).toBe(200);
    expect((await call('DELETE', `/api/tokens/${limited.id}`, unlimited.token)).status).toBe(200);
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

  it('takes no more than MBD_MAX_PENDING_REGISTRATIONS of registrations sent at once', async () => {
    const bounded = await startWebApp({ dataDir, timeTravel: { resolve: async () => 1, treeAt: async () => dataDir }, env: { maxPendingRegistrations: 2 } });
    try {
      const register = (name: string) => fetch(`${bounded.url}/api/users/register`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name, email: `${name}@example.org` }) });
      const statuses = await Promise.all(['r1', 'r2', 'r3', 'r4', 'r5', 'r6'].map(async (name) => (await register(name)).status));
      expect(statuses.filter((status) => status === 201)).toHaveLength(2);
      expect(statuses.filter((status) => status === 503)).toHaveLength(4);
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
