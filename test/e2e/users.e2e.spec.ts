/**
 * Users, roles and tokens against a real daemon (issue 14): an admin creates a maintainer and a staff
 * member and issues them tokens; the maintainer's token cannot do an admin's or staff's work and is
 * refused at once once revoked; the maintainer's key, submitted with set-user-key and approved by the
 * admin, signs a stock dput upload that is built and installs; the audit log names the staff member as
 * the actor of a migration.
 */
import { GnupgHome } from '@mbd/gpg';
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrivateApt } from '../support/apt.js';
import { removeDataDir, settled, startDaemon, type RunningDaemon } from '../support/daemon.js';
import { buildSourceUpload } from '../support/packages.js';

const run = promisify(execFile);
const UNSTABLE = 'bookworm-test-unstable';
const TESTING = 'bookworm-test-testing';

interface Entry {
  position: number;
  type: string;
  actor: string;
  correlationId: string;
  data: Record<string, unknown>;
}

describe('users, roles and tokens', () => {
  let daemon: RunningDaemon;
  let gnupg: GnupgHome;
  let janeKey: string;
  let janeToken: string;
  let janeTokenId: string;
  let samToken: string;

  /** `mbd <args>` with `token` as MBD_TOKEN. */
  const cliAs = async (token: string, ...args: string[]) => {
    try {
      const { stdout, stderr } = await run(process.execPath, [join(process.cwd(), 'apps/cli/bin/mbd.js'), ...args], { env: { ...process.env, MBD_URL: daemon.url, MBD_TOKEN: token } });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const failed = error as { code?: number; stdout?: string; stderr?: string };
      return { code: typeof failed.code === 'number' ? failed.code : 1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
    }
  };
  const json = <T>(result: { code: number; stdout: string; stderr: string }): T => {
    expect(result.code, result.stderr).toBe(0);
    return JSON.parse(result.stdout) as T;
  };
  const events = async (query: string) => (await daemon.api<{ items: Entry[] }>('GET', `/api/events?limit=1000&${query}`, undefined, false)).body.items;

  beforeAll(async () => {
    daemon = await startDaemon({ env: { MBD_BUILD_JOBS: '1' } });
    gnupg = await GnupgHome.create();
    janeKey = await gnupg.generateKey('Jane Maintainer <jane@example.invalid>', 'ed25519');
    const chroot = await daemon.cli('chroot', 'create', 'bookworm', 'amd64');
    expect(chroot.code, chroot.stderr).toBe(0);
    json(await daemon.cli('user', 'add', 'jane', '--role', 'maintainer', '--email', 'jane@example.invalid', '--json'));
    json(await daemon.cli('user', 'add', 'sam', '--role', 'staff', '--json'));
    const jane = json<{ id: string; token: string }>(await daemon.cli('token', 'issue', 'laptop', '--user', 'jane', '--json'));
    janeToken = jane.token;
    janeTokenId = jane.id;
    samToken = json<{ token: string }>(await daemon.cli('token', 'issue', 'laptop', '--user', 'sam', '--json')).token;
  });

  afterAll(async () => {
    await daemon?.cli('chroot', 'remove', 'bookworm', 'amd64');
    await daemon?.stop();
    await gnupg?.remove();
    if (daemon) removeDataDir(daemon);
  });

  it("refuses a maintainer's token an admin's and staff's work, naming why", async () => {
    expect(json<{ name: string; role: string }>(await cliAs(janeToken, 'whoami', '--json'))).toMatchObject({ name: 'jane', role: 'maintainer' });
    const addUser = await cliAs(janeToken, 'user', 'add', 'eve', '--role', 'admin');
    expect(addUser.code).not.toBe(0);
    expect(addUser.stderr).toContain('needs the admin role');
    const chroot = await cliAs(janeToken, 'chroot', 'remove', 'bookworm', 'amd64');
    expect(chroot.code).not.toBe(0);
    const migrate = await cliAs(janeToken, 'migrate', UNSTABLE, 'mbd-test-all');
    expect(migrate.code).not.toBe(0);
    expect(migrate.stderr).toContain('this call needs the staff role; jane acts as maintainer');
  });

  it('takes an upload signed with a key submitted by set-user-key and approved by an admin, and installs it', async () => {
    const keyFile = join(gnupg.dir, 'jane.asc');
    writeFileSync(keyFile, await gnupg.exportArmored(janeKey));
    const submitted = json<{ fingerprint: string; state: string }>(await cliAs(janeToken, 'set-user-key', keyFile, '--json'));
    expect(submitted).toMatchObject({ fingerprint: janeKey, state: 'submitted' });
    expect((await cliAs(janeToken, 'user', 'key', 'approve', 'jane', janeKey, '-R', 'test')).code).not.toBe(0);
    expect(json<{ state: string; repositories: string[] }>(await daemon.cli('user', 'key', 'approve', 'jane', janeKey, '-R', 'test', '--json'))).toMatchObject({ state: 'approved', repositories: ['test'] });
    expect(json<{ fingerprint: string }[]>(await daemon.cli('uploader', 'list', 'test', '--json')).map((uploader) => uploader.fingerprint)).toContain(janeKey);

    const dputCf = join(gnupg.dir, 'dput.cf');
    writeFileSync(dputCf, `[DEFAULT]\nrun_lintian = 0\ncheck_version = 0\n\n${await (await fetch(`${daemon.url}/repositories/test/dput.cf`)).text()}`);
    const changes = await buildSourceUpload('mbd-test-all');
    await gnupg.debsign(changes, janeKey);
    await run('dput', ['-c', dputCf, '-u', 'mbd-127.0.0.1', changes], { env: { ...process.env, ...gnupg.env } });
    const deadline = Date.now() + 600_000;
    for (;;) {
      const installed = (await events('type=PackageInstalled')).find((event) => event.data.source === 'mbd-test-all');
      if (installed) break;
      const refused = (await events('type=UploadRejected')).concat(await events('type=UploadFailed')).find((event) => event.data.source === 'mbd-test-all');
      expect(refused, JSON.stringify(refused?.data)).toBeUndefined();
      expect(Date.now() < deadline, 'mbd-test-all installed within 10 minutes').toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
    await settled(daemon);
    const apt = new PrivateApt(new Uint8Array(await (await fetch(`${daemon.url}/repositories/test/archive-keyring.gpg`)).arrayBuffer()));
    apt.setSources(`${daemon.url}/repositories/test/`, [UNSTABLE]);
    await apt.update();
    expect(await apt.versions('mbd-test-all')).toEqual({ [UNSTABLE]: '1.0~test12+1' });
  });

  it('names the staff member as the actor of a migration in the audit log', async () => {
    const migrated = await cliAs(samToken, 'migrate', UNSTABLE, 'mbd-test-all', '--json');
    expect(migrated.code, migrated.stderr).toBe(0);
    const event = (await events('type=PackageMigrated')).find((entry) => entry.data.source === 'mbd-test-all' && entry.data.to === TESTING);
    expect(event?.actor).toBe('user:sam');
    expect((await events('actor=user:sam')).map((entry) => entry.type)).toContain('PackageMigrated');
  });

  it('refuses a revoked token at once', async () => {
    expect((await cliAs(janeToken, 'token', 'list')).code).toBe(0);
    json(await cliAs(janeToken, 'token', 'revoke', janeTokenId, '--json'));
    const after = await cliAs(janeToken, 'token', 'list');
    expect(after.code).not.toBe(0);
    expect(after.stderr).toContain('revoked');
    const revoked = (await events('type=TokenRevoked')).find((entry) => entry.data.id === janeTokenId);
    expect(revoked?.actor).toBe('user:jane');
  });
});
