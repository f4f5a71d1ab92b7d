import { defaultLayout, distributionSettings } from '@mbd/archive';
import type { RepositoryConfig } from '@mbd/events';
import { loadOrCreateArchiveKey } from '@mbd/gpg';
import { execa } from 'execa';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keyringPackageSource, packageMaintainer } from './keyring-package-source.js';
import { writeSourceTree } from './source-tree.js';

const repository: RepositoryConfig = {
  repository: 'test',
  layout: defaultLayout,
  codenames: [{ codename: 'bookworm', codeversion: '12', architectures: [{ architecture: 'amd64', optional: false }], archAllOn: 'amd64', components: ['main'] }],
  allowUnsignedUploads: true,
  uploadPolicy: 'source-with-binaries',
};

describe('the keyring package source with the real dpkg tools', () => {
  let root: string;
  let tree: string;
  let version: string;
  let publicBinary: Uint8Array;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'mbd-keyring-package-'));
    const key = await loadOrCreateArchiveKey(join(root, 'gpg'), 'mbd test archive key');
    publicBinary = key.publicBinary;
    const source = keyringPackageSource({
      repository,
      distribution: distributionSettings(repository, 'bookworm', 'unstable')!,
      host: '127.0.0.1',
      httpPort: 8066,
      ftpPort: 8067,
      key,
      maintainer: packageMaintainer({ name: 'mbd archive key', email: 'mbd@buildhost' }), // OwnUploads' author on a host without a domain
      now: new Date('2026-11-30T22:05:09Z'),
    });
    version = source.version;
    tree = join(root, 'test-archive-keyring');
    await writeSourceTree(tree, source.files);
  });

  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('dpkg-source -b makes a 3.0 (native) source package of it', async () => {
    const built = await execa('dpkg-source', ['-b', 'test-archive-keyring'], { cwd: root, reject: false });
    expect(built.exitCode, built.stderr).toBe(0);
    const dsc = await readFile(join(root, `test-archive-keyring_${version}.dsc`), 'utf8');
    expect(dsc).toMatch(/^Format: 3\.0 \(native\)$/m);
    expect(dsc).toMatch(/^Architecture: all$/m);
  });

  it('builds into a .deb with the binary keyring and .sources that apt reads; lintian finds no error in the upload', async () => {
    const built = await execa('dpkg-buildpackage', ['-uc', '-us'], { cwd: tree, reject: false, env: { LC_ALL: 'C.UTF-8' } });
    expect(built.exitCode, built.stderr).toBe(0);
    const deb = join(root, `test-archive-keyring_${version}_all.deb`);
    const contents = (await execa('dpkg-deb', ['-c', deb])).stdout;
    expect(contents).toContain('./usr/share/keyrings/test-archive-keyring.gpg');
    expect(contents).toContain('./usr/share/test-archive-keyring/sources.list.d/bookworm/test_unstable.sources');
    expect(contents).toContain('./usr/share/test-archive-keyring/dput/dput.cf');
    const unpacked = join(root, 'unpacked');
    await execa('dpkg-deb', ['-x', deb, unpacked]);
    expect(new Uint8Array(await readFile(join(unpacked, 'usr/share/keyrings/test-archive-keyring.gpg')))).toEqual(publicBinary);
    // gpg reads the shipped keyring as a binary OpenPGP keyring (what apt's Signed-By needs).
    const shown = await execa('gpg', ['--show-keys', '--with-colons', join(unpacked, 'usr/share/keyrings/test-archive-keyring.gpg')], { env: { GNUPGHOME: join(root, 'gpg') } });
    expect(shown.stdout).toMatch(/^pub:/m);
    // The whole upload as the suite's lintian (errfail) sees it: source, binary and .changes.
    const arch = (await execa('dpkg', ['--print-architecture'])).stdout;
    const lintian = await execa('lintian', ['--no-tag-display-limit', '--suppress-tags', 'bad-distribution-in-changes-file', join(root, `test-archive-keyring_${version}_${arch}.changes`)], { reject: false });
    expect(lintian.stdout, lintian.stdout).not.toMatch(/^E: /m);
  });
});
