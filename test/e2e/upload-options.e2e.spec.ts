/**
 * Upload options end to end (issue 13): `MINI_BUILDD_OPTION: <key>[<arch>]=<value>` lines in the top
 * changelog entry of an upload sent with stock dput. A package lintian rejects in unstable (errfail)
 * installs when its changelog says lintian-mode=ignore; its build runs with the upload's
 * DEB_BUILD_OPTIONS and its own distributions pinned at the upload's internal-apt-priority; the
 * UploadAccepted event records the options and the check modes they leave. An upload with an unknown
 * or duplicate option is rejected with mini-buildd's reasons, and nothing of it is built or installed.
 */
import { GnupgHome } from '@mbd/gpg';
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrivateApt } from '../support/apt.js';
import { removeDataDir, settled, startDaemon, type RunningDaemon } from '../support/daemon.js';
import { buildSource, deriveSource } from '../support/sources.js';

const run = promisify(execFile);
const UNSTABLE = 'bookworm-test-unstable';
const VERSION = '1.0~test12+1';

interface Entry {
  type: string;
  data: Record<string, unknown>;
}

/** A copy of test package `from` named `name` whose top changelog entry carries these MINI_BUILDD_OPTION lines (as dch writes them). */
const withOptions = (from: string, name: string, options: readonly string[]) =>
  deriveSource(from, name, (tree) => {
    const changelog = join(tree, 'debian/changelog');
    const [header, blank, ...rest] = readFileSync(changelog, 'utf8').split('\n');
    writeFileSync(changelog, [header, blank, ...options.map((option) => `  * MINI_BUILDD_OPTION: ${option}`), ...rest].join('\n'));
  });

describe('upload options (MINI_BUILDD_OPTION)', () => {
  let daemon: RunningDaemon;
  let gnupg: GnupgHome;
  let uploader: string;
  let dputCf: string;
  let apt: PrivateApt;

  const events = async (query: string) => (await daemon.api<{ items: Entry[] }>('GET', `/api/events?limit=1000&${query}`, undefined, false)).body.items;

  /** The events of the upload of `source`, once it ended: installed, rejected or failed. */
  const outcome = async (source: string, timeoutMs = 900_000): Promise<Entry[]> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const received = (await events('type=UploadReceived')).find((e) => e.data.source === source);
      if (received) {
        const all = await events(`correlationId=${received.data.uploadId as string}`);
        if (all.some((e) => ['PackageInstalled', 'UploadRejected', 'UploadFailed'].includes(e.type))) {
          await settled(daemon);
          return all;
        }
      }
      if (Date.now() > deadline) throw new Error(`no outcome for ${source}`);
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  };

  const upload = async (tree: string) => {
    const changes = await buildSource(tree);
    await gnupg.debsign(changes, uploader);
    await run('dput', ['-c', dputCf, '-u', 'mbd-127.0.0.1', changes], { env: { ...process.env, ...gnupg.env } });
  };

  beforeAll(async () => {
    daemon = await startDaemon({ env: { MBD_BUILD_JOBS: '1' } });
    gnupg = await GnupgHome.create();
    uploader = await gnupg.generateKey('Uploader <uploader@example.invalid>', 'ed25519');
    const keyFile = join(gnupg.dir, 'uploader.asc');
    writeFileSync(keyFile, await gnupg.exportArmored(uploader));
    expect((await daemon.cli('uploader', 'add', 'test', keyFile)).code).toBe(0);
    const chroot = await daemon.cli('chroot', 'create', 'bookworm', 'amd64');
    expect(chroot.code, chroot.stderr).toBe(0);
    dputCf = join(gnupg.dir, 'dput.cf');
    writeFileSync(dputCf, `[DEFAULT]\nrun_lintian = 0\ncheck_version = 0\n\n${await (await fetch(`${daemon.url}/repositories/test/dput.cf`)).text()}`);
    apt = new PrivateApt(new Uint8Array(await (await fetch(`${daemon.url}/repositories/test/archive-keyring.gpg`)).arrayBuffer()));
    apt.setSources(`${daemon.url}/repositories/test/`, [UNSTABLE]);
  });

  afterAll(async () => {
    await daemon?.cli('chroot', 'remove', 'bookworm', 'amd64');
    await daemon?.stop();
    await gnupg?.remove();
    if (daemon) removeDataDir(daemon);
  });

  it('installs a package lintian rejects when its changelog says lintian-mode=ignore, built with the upload\'s options', async () => {
    await upload(withOptions('mbd-test-lintian', 'mbd-opt-lintian', ['lintian-mode=ignore', 'deb-build-options=nocheck', 'internal-apt-priority=600']));
    const log = await outcome('mbd-opt-lintian');
    expect(log.map((e) => e.type)).toContain('PackageInstalled');

    const accepted = log.find((e) => e.type === 'UploadAccepted')!;
    expect(accepted.data.options).toEqual([
      { key: 'lintian-mode', value: 'ignore' },
      { key: 'deb-build-options', value: 'nocheck' },
      { key: 'internal-apt-priority', value: '600' },
    ]);
    expect(accepted.data.checks).toEqual({
      lintian: 'ignore',
      piuparts: 'disabled',
      autopkgtest: 'disabled',
      architectures: { amd64: { lintian: 'ignore', piuparts: 'disabled', autopkgtest: 'disabled' } },
    });
    // lintian did find the errors that fail unstable without the option; they were not held against the upload.
    const built = log.find((e) => e.type === 'BuildSucceeded')!;
    expect((built.data.lintian as { errors: number }).errors).toBeGreaterThan(0);
    expect((log.find((e) => e.type === 'SourceLinted')!.data.lintian as { errors: number }).errors).toBeGreaterThan(0);

    const buildLog = await (await fetch(`${daemon.url}/api/builds/${built.data.buildId as string}/log`)).text();
    expect(buildLog).toMatch(/DEB_BUILD_OPTIONS=.*\bnocheck\b/);
    expect(buildLog).toContain('Pin: release n=bookworm-test-unstable\nPin-Priority: 600');

    await apt.update();
    expect(await apt.versions('mbd-opt-lintian')).toEqual({ [UNSTABLE]: VERSION });
  });

  it('rejects an upload with an unknown and a duplicate option, naming both, and builds and installs nothing', async () => {
    await upload(withOptions('mbd-test-all', 'mbd-opt-unknown', ['colour=blue', 'lintian-mode=ignore', 'lintian-mode=errfail']));
    const log = await outcome('mbd-opt-unknown');
    expect(log.map((e) => e.type)).toEqual(['UploadReceived', 'UploadRejected']);
    const reasons = log.find((e) => e.type === 'UploadRejected')!.data.reasons as string[];
    expect(reasons).toEqual([expect.stringMatching(/^Unknown upload option 'colour'/), "Duplicate upload option 'lintian-mode'"]);
    await apt.update();
    expect(await apt.versions('mbd-opt-unknown')).toEqual({});
  });
});
