import { execa } from 'execa';
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addChangelogEntry } from '../own-uploads/add-changelog-entry.js';
import { testPackageSources } from './test-packages.service.js';

const assets = fileURLToPath(new URL('../../assets/test-packages/', import.meta.url));
const version = '20261130220509~test12+0';

/** The test sources shipped with the daemon, with the entry TestPackagesService adds, through the real dch and dpkg tools. */
describe('the shipped test package sources', () => {
  let root: string;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'mbd-test-packages-'));
    for (const source of testPackageSources) {
      await cp(join(assets, source), join(root, source), { recursive: true });
      await addChangelogEntry(join(root, source), {
        version,
        distribution: 'bookworm-test-experimental',
        lines: [`mbd test_packages: ${source} for bookworm-test-experimental.`],
        author: { name: 'mbd archive key', email: 'mbd@example.org' },
      });
    }
  });

  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it.each(testPackageSources)('%s becomes a 3.0 (native) source package with the new version and distribution', async (source) => {
    const built = await execa('dpkg-source', ['-b', source], { cwd: root, reject: false });
    expect(built.exitCode, built.stderr).toBe(0);
    const dsc = await readFile(join(root, `${source}_${version}.dsc`), 'utf8');
    expect(dsc).toMatch(/^Format: 3\.0 \(native\)$/m);
    expect(dsc).toMatch(new RegExp(`^Version: ${version.replace(/[+.~]/g, '\\$&')}$`, 'm'));
    const changelog = await execa('dpkg-parsechangelog', ['-S', 'Distribution'], { cwd: join(root, source) });
    expect(changelog.stdout).toBe('bookworm-test-experimental');
  });

  it('archall and cpp build and run; ftbfs fails to build', async () => {
    const env = { LC_ALL: 'C.UTF-8', DEB_BUILD_OPTIONS: 'noautodbgsym' };
    for (const source of ['mbd-test-archall', 'mbd-test-cpp']) {
      const built = await execa('dpkg-buildpackage', ['-b', '-uc', '-us'], { cwd: join(root, source), reject: false, env });
      expect(built.exitCode, built.stderr).toBe(0);
      const unpacked = join(root, `${source}-unpacked`);
      const arch = source === 'mbd-test-cpp' ? (await execa('dpkg', ['--print-architecture'])).stdout : 'all';
      await execa('dpkg-deb', ['-x', join(root, `${source}_${version}_${arch}.deb`), unpacked]);
      expect((await execa(join(unpacked, 'usr/bin', source))).stdout).toBe(`${source} works`);
    }
    const failed = await execa('dpkg-buildpackage', ['-b', '-uc', '-us'], { cwd: join(root, 'mbd-test-ftbfs'), reject: false, env });
    expect(failed.exitCode).not.toBe(0);
    expect(failed.stderr).toContain('fails to build on purpose');
  });
});
