import { createReadStream } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadOrCreateArchiveKey } from '@mbd/gpg';
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

  it('piuparts passes a clean package and writes its log, while parallel builds come and go in the /build the chroot shares', async () => {
    // What sbuild does beside it: build directories made and removed in the host's /build (the sbuild
    // profile bind-mounts it into every session), which piuparts must not count against the package.
    const shared = '/var/lib/sbuild/build';
    let churning = true;
    const churn = (async () => {
      for (let i = 0; churning; i += 1) {
        const dir = join(shared, `mbd-qa-churn-${process.pid}-${i}`);
        await mkdir(dir, { recursive: true });
        await writeFile(join(dir, 'file'), 'x');
        await new Promise((resolve) => setTimeout(resolve, 300));
        await rm(join(shared, `mbd-qa-churn-${process.pid}-${i - 5}`), { recursive: true, force: true });
      }
    })();
    try {
      const result = await piuparts.check(request('mbd-test-qa-pass', 'piuparts-pass'));
      expect(result).toMatchObject({ status: 'pass', summary: 'all tests passed', logFile: logOf('piuparts-pass') });
      expect(await readFile(result.logFile, 'utf8')).toContain('PASS: All tests.');
    } finally {
      churning = false;
      await churn;
      for (const name of await readdir(shared)) if (name.startsWith(`mbd-qa-churn-${process.pid}-`)) await rm(join(shared, name), { recursive: true, force: true });
    }
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

  /** A one-distribution apt repository (apt-ftparchive) signed by an mbd archive key, served over HTTP like the daemon's own. */
  async function archiveRepository(): Promise<{ server: Server; line: string; keyFile: string }> {
    const root = join(work, 'repo');
    const dist = join(root, 'dists/bookworm-qa');
    await mkdir(join(dist, 'main/binary-amd64'), { recursive: true });
    await mkdir(join(root, 'pool'), { recursive: true });
    const deb = built.get('mbd-test-piuparts-fail')!.debs[0]!;
    await copyFile(deb, join(root, 'pool', deb.split('/').at(-1)!));
    await writeFile(join(dist, 'main/binary-amd64/Packages'), (await execa('apt-ftparchive', ['packages', 'pool'], { cwd: root })).stdout + '\n');
    const fields = ['Suite=bookworm-qa', 'Codename=bookworm-qa', 'Components=main', 'Architectures=amd64'].flatMap((field) => ['-o', `APT::FTPArchive::Release::${field}`]);
    const release = (await execa('apt-ftparchive', [...fields, 'release', 'dists/bookworm-qa'], { cwd: root })).stdout + '\n';
    const key = await loadOrCreateArchiveKey(join(work, 'archive-key'), 'mbd test archive key');
    await writeFile(join(dist, 'Release'), release);
    await writeFile(join(dist, 'InRelease'), await key.signInRelease(release));
    const keyFile = join(work, 'archive-key.asc');
    await writeFile(keyFile, key.publicArmored);
    const server = createServer((request, response) => {
      const stream = createReadStream(join(root, decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname)));
      stream.on('error', () => response.writeHead(404).end());
      stream.pipe(response);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return { server, line: `deb http://127.0.0.1:${(server.address() as AddressInfo).port}/ bookworm-qa main`, keyFile };
  }

  it('both see the repository\'s own distributions as apt sources, signed by its archive key (armored, as the daemon gives it)', async () => {
    const { server, line, keyFile } = await archiveRepository();
    try {
      const extraRepositories = [{ line, keyFile }];
      const piupartsResult = await piuparts.check({ ...request('mbd-test-qa-pass', 'piuparts-archive'), extraRepositories });
      expect(piupartsResult).toMatchObject({ status: 'pass' });
      expect(await readFile(piupartsResult.logFile, 'utf8')).toMatch(/Get:\d+ http:\/\/127\.0\.0\.1:\d+ bookworm-qa\/main amd64 Packages/);
      const autopkgtestResult = await autopkgtest.check({ ...request('mbd-test-qa-pass', 'autopkgtest-archive'), extraRepositories });
      expect(autopkgtestResult).toMatchObject({ status: 'pass', summary: 'command1 PASS' });
      expect(await readFile(autopkgtestResult.logFile, 'utf8')).toMatch(/Get:\d+ http:\/\/127\.0\.0\.1:\d+ bookworm-qa\/main amd64 Packages/);
    } finally {
      server.close();
    }
  });

  it('stops autopkgtest at its time limit and ends the schroot session it had opened', async () => {
    const hurried = new Autopkgtest({ timeoutSeconds: 3, killGraceMs: 500 });
    const result = await hurried.check(request('mbd-test-qa-pass', 'autopkgtest-timeout'));
    expect(result).toMatchObject({ status: 'error', summary: 'autopkgtest did not finish within 3 s and was stopped' });
    expect(await readFile(result.logFile, 'utf8')).toContain('[mbd] autopkgtest did not finish within 3 s and was stopped');
    expect(await listSchrootSessions(chroot.name)).toEqual([]);
  });
});
