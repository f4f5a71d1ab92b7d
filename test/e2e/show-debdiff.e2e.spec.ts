/**
 * ls, show, debdiff and the whole-upload retry end to end (issue 13), one daemon, stock dput: v1 and
 * v2 of a package (v2's script says something else) are built and installed in unstable, so v1 moves
 * to unstable-rollback0; `mbd show` and `mbd ls --json` list both with the suite's state; `mbd debdiff`
 * shows the changed line from the real debdiff; an upload signed by a key the repository does not have
 * yet is rejected, retried with `mbd retry-upload` once the key is added, and installs; the audit log
 * links the two uploads (UploadRetried in the original, UploadReceived.retryOf in the retry).
 */
import { GnupgHome } from '@mbd/gpg';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChroot } from '../support/daemon-chroot.js';
import { removeDataDir, settled, startDaemon, type RunningDaemon } from '../support/daemon.js';
import { buildSource, deriveSource } from '../support/sources.js';
import { dput, dputConfig, reasonsOf, UploadLog } from '../support/uploads.js';

const PKG = 'mbd-show';
const UNSTABLE = 'bookworm-test-unstable';
const V1 = '1.0~test12+1';
const V2 = '1.1~test12+1';
const V3 = '1.2~test12+1';

interface ShowEntry {
  version: string | null;
  component: string | null;
  dscPath: string | null;
  changes: { uploadId: string }[];
  uploadable: boolean;
  migratesTo: string | null;
  isMigrated: boolean;
  rollbacks: Record<string, { version: string; dscPath: string | null }>;
}

describe('ls, show, debdiff and retry of a whole upload', () => {
  let daemon: RunningDaemon;
  let gnupg: GnupgHome;
  let uploader: string;
  let late: string;
  let config: string;
  const log = new UploadLog(() => daemon);

  /** Builds `version` of the package (its script saying `words`) and uploads it with stock dput, signed by `key`. */
  const upload = async (version: string, words: string, key: string) => {
    const tree = deriveSource('mbd-test-all', PKG, (dir) => {
      const script = join(dir, 'bin', PKG);
      writeFileSync(script, readFileSync(script, 'utf8').replace(`${PKG} works`, words));
    });
    const changes = await buildSource(tree, { version });
    await gnupg.debsign(changes, key);
    await dput(config, [changes], gnupg.env);
  };

  beforeAll(async () => {
    daemon = await startDaemon({ env: { MBD_BUILD_JOBS: '1' } });
    gnupg = await GnupgHome.create();
    uploader = await gnupg.generateKey('Uploader <uploader@example.invalid>', 'ed25519');
    late = await gnupg.generateKey('Late Uploader <late@example.invalid>', 'ed25519');
    const keyFile = join(gnupg.dir, 'uploader.asc');
    writeFileSync(keyFile, await gnupg.exportArmored(uploader));
    const added = await daemon.cli('uploader', 'add', 'test', keyFile);
    expect(added.code, added.stderr).toBe(0);
    await createChroot(daemon);
    config = await dputConfig(daemon);
  });

  afterAll(async () => {
    await daemon?.cli('chroot', 'remove', 'bookworm', 'amd64');
    await daemon?.stop();
    await gnupg?.remove();
    if (daemon) removeDataDir(daemon);
  });

  it('shows v2 in unstable and v1 in its rollback0, with the suite state, the .dsc served and the uploads', async () => {
    await upload(V1, `${PKG} works`, uploader);
    expect((await log.outcome(PKG, V1)).end.type).toBe('PackageInstalled');
    await upload(V2, `${PKG} works better`, uploader);
    const second = await log.outcome(PKG, V2);
    expect(second.end.type, reasonsOf(second.end)).toBe('PackageInstalled');
    await settled(daemon);

    const shown = await daemon.cli('show', PKG, '--json');
    expect(shown.code, shown.stderr).toBe(0);
    const unstable = (JSON.parse(shown.stdout) as Record<string, Record<string, ShowEntry>>).test![UNSTABLE]!;
    expect(unstable).toMatchObject({
      version: V2,
      component: 'main',
      uploadable: true,
      migratesTo: 'bookworm-test-testing',
      isMigrated: false,
      changes: [{ uploadId: second.received!.data.uploadId }],
    });
    expect(unstable.rollbacks[`${UNSTABLE}-rollback0`]).toMatchObject({ version: V1 });
    for (const dsc of [unstable.dscPath, unstable.rollbacks[`${UNSTABLE}-rollback0`]!.dscPath]) {
      const response = await fetch(`${daemon.url}${dsc}`);
      expect(response.status, `GET ${dsc}`).toBe(200);
      expect(await response.text()).toContain(`Source: ${PKG}`);
    }
    const readable = await daemon.cli('show', PKG, '-C', 'bookworm');
    expect(readable.code, readable.stderr).toBe(0);
    expect(readable.stdout).toMatch(new RegExp(`${UNSTABLE}\\s+${V2.replaceAll('+', '\\+')}\\s+yes\\s+bookworm-test-testing`));
    expect(readable.stdout).toMatch(new RegExp(`${UNSTABLE}-rollback0\\s+${V1.replaceAll('+', '\\+')}`));

    const listed = await daemon.cli('ls', PKG, '--json');
    expect(listed.code, listed.stderr).toBe(0);
    expect(JSON.parse(listed.stdout)).toEqual({
      test: {
        [UNSTABLE]: { version: V2, component: 'main', architecture: 'source', rollbacks: { [`${UNSTABLE}-rollback0`]: { version: V1, component: 'main', architecture: 'source' } } },
      },
    });
    const newer = await daemon.cli('ls', PKG, '--min-version', V2, '--json');
    expect(JSON.parse(newer.stdout)).toEqual({ test: { [UNSTABLE]: { version: V2, component: 'main', architecture: 'source', rollbacks: {} } } });
  });

  it('debdiff shows the changed line between v1 and v2, from the real debdiff', async () => {
    const diff = await daemon.cli('debdiff', 'test', PKG, '-a', V1, '-b', V2);
    expect(diff.code, diff.stderr).toBe(0);
    expect(diff.stdout).toMatch(new RegExp(`^-echo "${PKG} works"$`, 'm'));
    expect(diff.stdout).toMatch(new RegExp(`^\\+echo "${PKG} works better"$`, 'm'));
    const unknown = await daemon.api('GET', `/api/debdiff/test/${PKG}?versiona=${encodeURIComponent(V1)}&versionb=9.9`, undefined, false);
    expect(unknown.status).toBe(404);
  });

  it('retries an upload rejected for a key the repository lacked, once the key is added; the audit log links both', async () => {
    await upload(V3, `${PKG} works best`, late);
    const rejected = await log.outcome(PKG, V3);
    expect(rejected.end.type).toBe('UploadRejected');
    const uploadId = rejected.received!.data.uploadId as string;

    // an installed upload is no retry: refused with the reason, recorded
    const installedV2 = (await log.installed(PKG)).find((e) => e.data.version === V2)!.data.uploadId as string;
    const refused = await daemon.cli('retry-upload', installedV2);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('only a rejected or failed upload can be retried');
    expect((await log.events('type=UploadRetryRefused')).some((e) => e.data.uploadId === installedV2)).toBe(true);
    const keyFile = join(gnupg.dir, 'late.asc');
    writeFileSync(keyFile, await gnupg.exportArmored(late));
    expect((await daemon.cli('uploader', 'add', 'test', keyFile)).code).toBe(0);
    const retried = await daemon.cli('retry-upload', uploadId, '--reason', 'key added', '--json');
    expect(retried.code, retried.stderr).toBe(0);
    const { retryUploadId } = JSON.parse(retried.stdout) as { retryUploadId: string };

    const deadline = Date.now() + 600_000;
    while (!(await log.installed(PKG)).some((e) => e.data.version === V3)) {
      if (Date.now() > deadline) throw new Error(`${PKG} ${V3} was not installed after its retry`);
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
    const installed = (await log.installed(PKG)).find((e) => e.data.version === V3)!;
    expect(installed.data.uploadId).toBe(retryUploadId);
    const link = (await log.events('type=UploadRetried')).filter((e) => e.data.uploadId === uploadId);
    expect(link.at(-1)?.data).toMatchObject({ uploadId, retryUploadId, source: PKG, version: V3, reason: 'key added' });
    const received = (await log.events('type=UploadReceived')).find((e) => e.data.uploadId === retryUploadId);
    expect(received?.data).toMatchObject({ retryOf: uploadId, via: 'api', source: PKG, version: V3 });
  });
});
