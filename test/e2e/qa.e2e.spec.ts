/**
 * QA end to end (issue 13): piuparts and autopkgtest as real tools in the build chroot, gating the
 * install like lintian. The test repository's unstable suite is switched to piuparts and autopkgtest
 * errfail through the API (PUT /api/repositories/test); three uploads go in with stock dput: one whose
 * autopkgtest fails and one that breaks piuparts (its postrm fails on purge) end FAILED with the tool, the
 * architecture and the status in the reason and are not installed; a clean one with a passing
 * autopkgtest passes both and installs. Each build's results and logs are read back through the builds API.
 */
import { GnupgHome } from '@mbd/gpg';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrivateApt } from '../support/apt.js';
import { createChroot } from '../support/daemon-chroot.js';
import { removeDataDir, startDaemon, type RunningDaemon } from '../support/daemon.js';
import { buildSourceUpload } from '../support/packages.js';
import { UploadLog, dput, dputConfig, reasonsOf, type Outcome } from '../support/uploads.js';

const UNSTABLE = 'bookworm-test-unstable';
const VERSION = '1.0~test12+1';
const PACKAGES = ['mbd-test-qa-pass', 'mbd-test-autopkgtest-fail', 'mbd-test-piuparts-fail'] as const;

interface SuiteOptions {
  name: string;
  piuparts?: string;
  autopkgtest?: string;
}
interface RepositoryConfig {
  repository: string;
  layout: { suites: SuiteOptions[] };
}

describe('piuparts and autopkgtest gate the install (errfail in unstable)', () => {
  let daemon: RunningDaemon;
  let gnupg: GnupgHome;
  let apt: PrivateApt;
  const log = new UploadLog(() => daemon);
  const outcomes = new Map<string, Outcome>();

  /** The BuildSucceeded of an upload's amd64 build. */
  const built = (source: string) => outcomes.get(source)!.events.find((event) => event.type === 'BuildSucceeded');
  const qa = async (buildId: string, tool: string) => daemon.api<{ status: string; summary: string }>('GET', `/api/builds/${buildId}/qa/${tool}`, undefined, false);
  const qaLog = async (buildId: string, tool: string) => (await fetch(`${daemon.url}/api/builds/${buildId}/qa/${tool}/log`)).text();

  beforeAll(async () => {
    daemon = await startDaemon({ env: { MBD_BUILD_JOBS: '2' } });
    gnupg = await GnupgHome.create();
    const uploader = await gnupg.generateKey('Uploader <uploader@example.invalid>', 'ed25519');
    const keyFile = join(gnupg.dir, 'uploader.asc');
    writeFileSync(keyFile, await gnupg.exportArmored(uploader));
    expect((await daemon.cli('uploader', 'add', 'test', keyFile)).code).toBe(0);
    // The test repository's unstable suite runs both tools and fails on their errors.
    const [test] = (await daemon.api<RepositoryConfig[]>('GET', '/api/repositories', undefined, false)).body.filter((config) => config.repository === 'test');
    const suites = test!.layout.suites.map((suite) => (suite.name === 'unstable' ? { ...suite, piuparts: 'errfail', autopkgtest: 'errfail' } : suite));
    const changed = await daemon.api('PUT', '/api/repositories/test', { ...test!, layout: { ...test!.layout, suites } });
    expect(changed.status, JSON.stringify(changed.body)).toBeLessThan(300);
    await createChroot(daemon);
    const config = await dputConfig(daemon);
    const uploads = [];
    for (const pkg of PACKAGES) {
      const changes = await buildSourceUpload(pkg);
      await gnupg.debsign(changes, uploader);
      uploads.push(changes);
    }
    await dput(config, uploads, gnupg.env);
    for (const pkg of PACKAGES) outcomes.set(pkg, await log.outcome(pkg, VERSION, { timeoutMs: 1_500_000 }));
    apt = await PrivateApt.forRepository(daemon.url, 'test', [UNSTABLE]);
    await apt.update();
  });

  afterAll(async () => {
    await daemon?.cli('chroot', 'remove', 'bookworm', 'amd64');
    await daemon?.stop();
    await gnupg?.remove();
    if (daemon) removeDataDir(daemon);
  });

  it('the suite reads back with piuparts and autopkgtest in errfail', async () => {
    const [test] = (await daemon.api<RepositoryConfig[]>('GET', '/api/repositories', undefined, false)).body.filter((config) => config.repository === 'test');
    expect(test!.layout.suites.find((suite) => suite.name === 'unstable')).toMatchObject({ piuparts: 'errfail', autopkgtest: 'errfail' });
  });

  it('a package passing both installs; its build keeps both results and logs', async () => {
    const outcome = outcomes.get('mbd-test-qa-pass')!;
    expect(outcome.end.type, reasonsOf(outcome.end)).toBe('PackageInstalled');
    expect(await apt.versions('mbd-test-qa-pass')).toEqual({ [UNSTABLE]: VERSION });
    const buildId = built('mbd-test-qa-pass')!.data.buildId as string;
    expect((await qa(buildId, 'piuparts')).body).toEqual({ status: 'pass', summary: 'all tests passed' });
    expect((await qa(buildId, 'autopkgtest')).body).toEqual({ status: 'pass', summary: 'command1 PASS' });
    expect(await qaLog(buildId, 'piuparts')).toContain('PASS: All tests.');
    expect(await qaLog(buildId, 'autopkgtest')).toMatch(/command1\s+PASS/);
  });

  it('a package whose autopkgtest fails is FAILED, naming autopkgtest, amd64 and the status, and is not installed', async () => {
    const outcome = outcomes.get('mbd-test-autopkgtest-fail')!;
    expect(outcome.end.type).toBe('UploadFailed');
    expect(reasonsOf(outcome.end)).toContain('amd64 (autopkgtest found 1 error(s) and 0 warning(s) in the amd64 build (autopkgtest mode errfail): fail: command1 FAIL non-zero exit status 1)');
    expect(await apt.versions('mbd-test-autopkgtest-fail')).toEqual({});
    const buildId = built('mbd-test-autopkgtest-fail')!.data.buildId as string;
    expect((await qa(buildId, 'piuparts')).body.status).toBe('pass');
    expect(await qaLog(buildId, 'autopkgtest')).toMatch(/command1\s+FAIL non-zero exit status 1/);
  });

  it('a package that breaks piuparts is FAILED, naming piuparts, amd64 and the failing purge, and is not installed', async () => {
    const outcome = outcomes.get('mbd-test-piuparts-fail')!;
    expect(outcome.end.type).toBe('UploadFailed');
    expect(reasonsOf(outcome.end)).toContain(
      'amd64 (piuparts found 1 error(s) and 0 warning(s) in the amd64 build (piuparts mode errfail): fail: command failed (status 1): dpkg --purge mbd-test-piuparts-fail)',
    );
    expect(await apt.versions('mbd-test-piuparts-fail')).toEqual({});
    const buildId = built('mbd-test-piuparts-fail')!.data.buildId as string;
    expect(await qaLog(buildId, 'piuparts')).toContain('refusing to be purged');
    // It has no autopkgtests: mini-buildd's "no tests" warning, which errfail lets pass.
    expect((await qa(buildId, 'autopkgtest')).body).toEqual({ status: 'warn', summary: 'no tests' });
  });

  it('the builds API answers 404 for a QA result a build does not have, 400 for an unknown tool', async () => {
    const buildId = built('mbd-test-qa-pass')!.data.buildId as string;
    expect((await qa(buildId, 'lintian')).status).toBe(400);
    expect((await qa('no-such-build', 'piuparts')).status).toBe(404);
  });
});
