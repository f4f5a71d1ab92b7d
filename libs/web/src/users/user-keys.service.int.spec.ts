import { configSchema } from '@mbd/config';
import { InMemoryEventStore } from '@mbd/events';
import { GnupgHome } from '@mbd/gpg';
import type { ConfigurationService, UploaderCommandsService } from '@mbd/workflows';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccountsService } from './accounts.service.js';
import { UserKeysService } from './user-keys.service.js';

const admin = { name: 'admin', role: 'admin' } as const;
const jane = { name: 'jane', role: 'maintainer' } as const;
const metadata = (name = 'admin') => ({ now: new Date().toISOString(), actor: { kind: 'user' as const, name }, correlationId: 'c' });

/** set_user_key with a real OpenPGP key; the approval grants exactly the repositories asked for through the uploaders service. */
describe('UserKeysService', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mbd-user-keys-'));
  const uploaders: { repository: string; fingerprint: string }[] = [];
  const calls: string[] = [];
  let gnupg: GnupgHome;
  let fingerprint: string;
  let armored: string;
  let accounts: AccountsService;
  let keys: UserKeysService;

  beforeAll(async () => {
    gnupg = await GnupgHome.create();
    fingerprint = await gnupg.generateKey('Jane <jane@example.org>', 'ed25519');
    armored = await gnupg.exportArmored(fingerprint);
    accounts = new AccountsService(new InMemoryEventStore(), configSchema.parse({ dataDir: dir }));
    await accounts.onModuleInit();
    const configuration = { current: () => ({ repositories: new Map([['test', {}], ['other', {}]]), uploaders: [...uploaders] }) } as unknown as ConfigurationService;
    const uploaderCommands = {
      add: async (repository: string, _key: string, actor: { name?: string }) => {
        calls.push(`add ${repository} by ${actor.name}`);
        uploaders.push({ repository, fingerprint });
      },
      remove: async (repository: string, removed: string, actor: { name?: string }) => {
        calls.push(`remove ${repository} by ${actor.name}`);
        uploaders.splice(uploaders.findIndex((uploader) => uploader.repository === repository && uploader.fingerprint === removed), 1);
      },
    } as unknown as UploaderCommandsService;
    keys = new UserKeysService(accounts, configuration, uploaderCommands);
    await accounts.execute({ type: 'CreateUser', data: { name: 'jane', role: 'maintainer' }, caller: admin, metadata: metadata() });
  });
  afterAll(async () => {
    await accounts.onApplicationShutdown();
    await gnupg.remove();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses what is not one public key, and takes the user’s own key once', async () => {
    await expect(keys.submit('jane', `-----BEGIN PGP PUBLIC KEY BLOCK-----\n\n${'A'.repeat(120)}\n-----END PGP PUBLIC KEY BLOCK-----\n`, jane, metadata('jane'))).rejects.toThrow(/not an OpenPGP public key/);
    expect(await keys.submit('jane', armored, jane, metadata('jane'))).toEqual({ user: 'jane', fingerprint, state: 'submitted' });
    await expect(keys.submit('jane', armored, jane, metadata('jane'))).rejects.toThrow(/already/);
    expect(accounts.user('jane')?.keys).toEqual([expect.objectContaining({ fingerprint, state: 'submitted', armored })]);
  });

  it('grants exactly the repositories of the latest approval, by the approving admin; a maintainer approves nothing', async () => {
    await expect(keys.approve('jane', fingerprint, ['test'], jane, metadata('jane'))).rejects.toThrow(/only an admin/);
    expect(calls).toEqual([]);
    await keys.approve('jane', fingerprint, ['test', 'other'], admin, metadata());
    expect(uploaders.map((uploader) => uploader.repository).sort()).toEqual(['other', 'test']);
    await keys.approve('jane', fingerprint, ['other'], admin, metadata());
    expect(uploaders.map((uploader) => uploader.repository)).toEqual(['other']);
    expect(calls).toEqual(['add test by admin', 'add other by admin', 'remove test by admin']);
    await keys.reject('jane', fingerprint, 'left the team', admin, metadata());
    expect(uploaders).toEqual([]);
    expect(accounts.user('jane')?.keys).toEqual([]);
  });

  it('refuses a key another account holds, and a rejection withdraws only what its approval granted', async () => {
    await accounts.execute({ type: 'CreateUser', data: { name: 'mallory', role: 'maintainer' }, caller: admin, metadata: metadata() });
    await keys.submit('jane', armored, jane, metadata('jane'));
    await expect(keys.submit('mallory', armored, { name: 'mallory', role: 'maintainer' }, metadata('mallory'))).rejects.toThrow(/belongs to another account/);
    expect(accounts.user('mallory')?.keys).toEqual([]);
    await keys.approve('jane', fingerprint, ['test'], admin, metadata());
    uploaders.push({ repository: 'other', fingerprint }); // an uploader entry made by other means (PUT /api/repositories/other/uploaders)
    calls.length = 0;
    await keys.reject('jane', fingerprint, undefined, admin, metadata());
    expect(calls).toEqual(['remove test by admin']);
    expect(uploaders).toEqual([{ repository: 'other', fingerprint }]);
  });
});
