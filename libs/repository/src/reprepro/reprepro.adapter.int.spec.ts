import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RepreproError } from '../errors.js';
import { buildBinaryPackage } from '../testing/debian-packages.js';
import { shimPrograms, type ProgramShims } from '../testing/program-shims.js';
import { RepreproAdapter } from './reprepro.adapter.js';
import type { RepreproDistribution } from './reprepro.port.js';

const distribution = (name: string): RepreproDistribution => ({
  name,
  origin: 'mbd archive test',
  label: name,
  description: name,
  architectures: ['amd64'],
  components: ['main'],
  notAutomatic: false,
  butAutomaticUpgrades: false,
});

describe('RepreproAdapter', () => {
  let dir: string;
  let tree: string;
  let debs: string[];
  const reprepro = new RepreproAdapter();

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mbd-reprepro-'));
    tree = join(dir, 'tree');
    debs = await Promise.all(['a', 'b', 'c', 'd'].map((name) => buildBinaryPackage(join(dir, 'debs'), { name: `pkg-${name}`, version: '1.0' })));
    await reprepro.configure(tree, [distribution('bookworm-test-unstable'), distribution('bookworm-test-testing')]);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('runs concurrent calls on one tree one after another instead of failing on the lock', async () => {
    await Promise.all(debs.map((deb) => reprepro.includeDebs(tree, 'bookworm-test-unstable', [deb])));
    const listed = await reprepro.list(tree, 'bookworm-test-unstable');
    expect(listed.map((entry) => `${entry.package} ${entry.version} ${entry.architecture}`).sort()).toEqual([
      'pkg-a 1.0 amd64',
      'pkg-b 1.0 amd64',
      'pkg-c 1.0 amd64',
      'pkg-d 1.0 amd64',
    ]);
  });

  it('treats removing an absent source and copying a version that is not there as no-ops', async () => {
    await reprepro.removeSrc(tree, 'bookworm-test-unstable', 'never-installed', '1.0');
    await reprepro.copySrc(tree, 'bookworm-test-testing', 'bookworm-test-unstable', 'pkg-a', '9.9');
    expect(await reprepro.list(tree, 'bookworm-test-testing')).toEqual([]);
  });

  it('fails with the command and reprepro\'s own message', async () => {
    await writeFile(join(tree, 'db', 'lockfile'), '');
    try {
      const failure = await reprepro.export(tree).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(failure).toBeInstanceOf(RepreproError);
      expect((failure as RepreproError).command).toContain('export');
      expect((failure as RepreproError).stderr).toMatch(/lock file .* already exists/);
      expect((failure as RepreproError).exitCode).not.toBe(0);
    } finally {
      await rm(join(tree, 'db', 'lockfile'));
    }
  });

  it('drops the contents of a distribution removed from the configuration', async () => {
    await reprepro.copySrc(tree, 'bookworm-test-testing', 'bookworm-test-unstable', 'pkg-a', '1.0');
    await reprepro.configure(tree, [distribution('bookworm-test-unstable')]);
    await reprepro.export(tree);
    expect(await readdir(join(tree, 'dists'))).toContain('bookworm-test-unstable');
    await expect(reprepro.list(tree, 'bookworm-test-testing')).rejects.toBeInstanceOf(RepreproError);
    await reprepro.configure(tree, [distribution('bookworm-test-unstable'), distribution('bookworm-test-testing')]);
    expect(await reprepro.list(tree, 'bookworm-test-testing')).toEqual([]);
  });
});

describe('RepreproAdapter durability', () => {
  let dir: string;
  let programs: ProgramShims;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mbd-reprepro-sync-'));
    programs = await shimPrograms(dir);
  });
  afterAll(async () => {
    programs.restore();
    await rm(dir, { recursive: true, force: true });
  });

  it('runs a call that changes the tree under eatmydata and syncs the tree\'s file system before it returns; a listing is neither', async () => {
    await programs.shim('eatmydata');
    await programs.shim('sync');
    const tree = join(dir, 'tree');
    const deb = await buildBinaryPackage(join(dir, 'debs'), { name: 'pkg-sync', version: '1.0' });
    const reprepro = new RepreproAdapter();
    await reprepro.configure(tree, [distribution('bookworm-test-unstable')]);
    await reprepro.includeDebs(tree, 'bookworm-test-unstable', [deb]);
    await reprepro.export(tree);
    expect(await reprepro.list(tree, 'bookworm-test-unstable')).toMatchObject([{ package: 'pkg-sync', version: '1.0' }]);
    expect((await programs.calls()).filter((line) => line !== 'eatmydata true')).toEqual([
      `eatmydata reprepro --basedir ${tree} --export=changed includedeb bookworm-test-unstable ${deb}`,
      `sync -f ${tree}`,
      `eatmydata reprepro --basedir ${tree} export`,
      `sync -f ${tree}`,
    ]);
  });

  it('fails a call whose tree cannot be synced, and runs reprepro with its own syncs where eatmydata cannot run', async () => {
    await programs.clear();
    await programs.shim('eatmydata');
    await programs.shim('sync', 'exit 1');
    const tree = join(dir, 'tree2');
    const reprepro = new RepreproAdapter();
    await reprepro.configure(tree, [distribution('bookworm-test-unstable')]);
    await expect(reprepro.export(tree)).rejects.toThrow(/sync -f/);
    await programs.shim('eatmydata', 'exit 127');
    await new RepreproAdapter().export(tree);
    expect(await readdir(join(tree, 'dists'))).toEqual(['bookworm-test-unstable']);
    expect((await programs.calls()).filter((line) => line.startsWith('sync'))).toEqual([`sync -f ${tree}`]);
  });
});
