import { configSchema } from '@mbd/config';
import { SqliteEventStore } from '@mbd/events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccountsService } from './accounts.service.js';
import { newTokenSecret } from './token-secret.js';
import type { UsersCommand } from './users.commands.js';

const admin = { name: 'admin', role: 'admin' } as const;
const metadata = () => ({ now: new Date().toISOString(), actor: { kind: 'user' as const, name: 'admin' }, correlationId: 'c' });
const until = async (condition: () => boolean) => {
  for (const deadline = Date.now() + 30_000; !condition(); await new Promise((resolve) => setTimeout(resolve, 50))) {
    if (Date.now() > deadline) throw new Error('condition not met within 30 s');
  }
};

/** Two daemons' AccountsService on one SQLite store: each sees the other's accounts and revocations by following the log. */
describe('AccountsService on a shared store', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mbd-accounts-'));
  let store: SqliteEventStore;
  let one: AccountsService;
  let two: AccountsService;
  const run = (service: AccountsService, command: Omit<UsersCommand, 'metadata' | 'caller'>) => service.execute({ ...command, caller: admin, metadata: metadata() } as UsersCommand);

  beforeAll(async () => {
    store = await SqliteEventStore.open(join(dir, 'events.sqlite'));
    const config = configSchema.parse({ dataDir: dir });
    one = new AccountsService(store, config);
    two = new AccountsService(store, config);
    await run(one, { type: 'CreateUser', data: { name: 'jane', role: 'maintainer' } });
    await one.onModuleInit();
    await two.onModuleInit();
  });
  afterAll(async () => {
    await one.onApplicationShutdown();
    await two.onApplicationShutdown();
    rmSync(dir, { recursive: true, force: true });
  });

  it('folds the log at start, and takes the other daemon’s tokens and revocations as they come', async () => {
    expect(two.user('jane')).toMatchObject({ name: 'jane', role: 'maintainer', state: 'active' });
    const secret = newTokenSecret();
    await run(one, { type: 'IssueToken', data: { user: 'jane', token: { id: secret.id, name: 'laptop', sha256: secret.sha256 } } });
    expect(one.authenticate(secret.token)).toMatchObject({ principal: { name: 'jane', role: 'maintainer', tokenId: secret.id } });
    await until(() => 'principal' in two.authenticate(secret.token));
    await run(two, { type: 'RevokeToken', data: { user: 'jane', id: secret.id } });
    expect(two.authenticate(secret.token)).toMatchObject({ status: 401 });
    await until(() => !('principal' in one.authenticate(secret.token)));
  });

  it('keeps what the other daemon appended when its own command comes first (the command read the whole stream)', async () => {
    const behind = new AccountsService(store, configSchema.parse({ dataDir: dir }));
    await behind.onModuleInit();
    await behind.onApplicationShutdown(); // its follower stops: it sees nothing more of the log by itself
    const secret = newTokenSecret();
    await run(two, { type: 'IssueToken', data: { user: 'jane', token: { id: secret.id, name: 'desk', sha256: secret.sha256 } } });
    expect(behind.authenticate(secret.token)).toMatchObject({ status: 401 });
    await run(behind, { type: 'ChangeUserRole', data: { name: 'jane', role: 'staff' } });
    expect(behind.authenticate(secret.token)).toMatchObject({ principal: { name: 'jane', role: 'staff' } });
  });
});
