import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Chroot } from '../chroot/chroot.js';
import { listSchrootSessions } from '../schroot/schroot-sessions.js';
import { ensureTestChroot } from '../testing/test-chroot.js';
import { type TestPackage, buildTestSource } from '../testing/test-sources.js';
import { Autopkgtest } from './autopkgtest.adapter.js';
import { Piuparts } from './piuparts.adapter.js';

interface Built {
  readonly dsc: string;
  readonly debs: string[];
}

/** The test chroot is made in schroot mode as root; these tests need root (schroot, piuparts). */
const root = process.getuid?.() === 0;

describe.runIf(root)('piuparts 1.1.7 and autopkgtest 5.28 on the QA test packages, in the test chroot', { timeout: 400_000 }, () => {
  let work: string;
  let chroot: Chroot;
  const built = new Map<TestPackage, Built>();
  const piuparts = new Piuparts();
  const autopkgtest = new Autopkgtest();
  const logOf = (name: string): string => join(work, `${name}.log`);

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'mbd-qa-'));
    chroot = (await ensureTestChroot()).chroot;
    for (const pkg of ['mbd-test-qa-pass', 'mbd-test-autopkgtest-fail', 'mbd-test-piuparts-fail'] as const) {
      const dir = join(work, pkg);
      const { dsc } = await buildTestSource(pkg, dir);
      await execa('dpkg-source', ['-x', dsc, 'tree'], { cwd: dir });
      await execa('dpkg-buildpackage', ['-us', '-uc', '-b'], { cwd: join(dir, 'tree') });
      const debs = (await readdir(dir)).filter((name) => name.endsWith('.deb')).map((name) => join(dir, name));
      built.set(pkg, { dsc, debs });
    }
  });
  afterAll(async () => {
    await rm(work, { recursive: true, force: true });
  });

  const request = (pkg: TestPackage, log: string, over: Partial<Chroot> = {}) => ({ chroot: { ...chroot, ...over }, ...built.get(pkg)!, logFile: logOf(log) });

  it('piuparts passes a clean package and writes its log', async () => {
    const result = await piuparts.check(request('mbd-test-qa-pass', 'piuparts-pass'));
    expect(result).toMatchObject({ status: 'pass', summary: 'all tests passed', logFile: logOf('piuparts-pass') });
    expect(await readFile(result.logFile, 'utf8')).toContain('PASS: All tests.');
  });

  it('piuparts fails a package whose postrm fails on purge, naming the purge', async () => {
    const result = await piuparts.check(request('mbd-test-piuparts-fail', 'piuparts-fail'));
    expect(result).toMatchObject({ status: 'fail', summary: 'command failed (status 1): dpkg --purge mbd-test-piuparts-fail' });
    expect(await readFile(result.logFile, 'utf8')).toContain('refusing to be purged');
  });

  it('autopkgtest passes the passing test and fails the failing one, in schroot sessions it leaves closed', async () => {
    expect(await autopkgtest.check(request('mbd-test-qa-pass', 'autopkgtest-pass'))).toMatchObject({ status: 'pass', summary: 'command1 PASS' });
    const failed = await autopkgtest.check(request('mbd-test-autopkgtest-fail', 'autopkgtest-fail'));
    expect(failed).toMatchObject({ status: 'fail', summary: 'command1 FAIL non-zero exit status 1' });
    expect(await readFile(failed.logFile, 'utf8')).toContain('command1             FAIL non-zero exit status 1');
    expect(await listSchrootSessions(chroot.name)).toEqual([]);
  });

  it('autopkgtest says "no tests" for a source without any, without opening a testbed', async () => {
    expect(await autopkgtest.check(request('mbd-test-piuparts-fail', 'autopkgtest-none'))).toMatchObject({ status: 'warn', summary: 'no tests', seconds: 0 });
  });

  it('autopkgtest runs in the chroot tarball through unshare when the chroot is in unshare mode', async () => {
    const result = await autopkgtest.check(request('mbd-test-autopkgtest-fail', 'autopkgtest-unshare', { mode: 'unshare' }));
    expect(result).toMatchObject({ status: 'fail', summary: 'command1 FAIL non-zero exit status 1' });
    expect(await readFile(result.logFile, 'utf8')).toContain('-- unshare --tarball=');
  });

  it('piuparts refuses an unshare-mode chroot with the reason, without running', async () => {
    const result = await piuparts.check(request('mbd-test-qa-pass', 'piuparts-unshare', { mode: 'unshare' }));
    expect(result).toMatchObject({ status: 'error', summary: 'piuparts needs root and a schroot chroot; this daemon builds in unshare mode' });
  });

  it('stops autopkgtest at its time limit and ends the schroot session it had opened', async () => {
    const hurried = new Autopkgtest({ timeoutSeconds: 3, killGraceMs: 500 });
    const result = await hurried.check(request('mbd-test-qa-pass', 'autopkgtest-timeout'));
    expect(result).toMatchObject({ status: 'error', summary: 'autopkgtest did not finish within 3 s and was stopped' });
    expect(await readFile(result.logFile, 'utf8')).toContain('[mbd] autopkgtest did not finish within 3 s and was stopped');
    expect(await listSchrootSessions(chroot.name)).toEqual([]);
  });
});
