import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, relative } from 'node:path';
import { defaultLayout } from '@mbd/archive';
import {
  InMemoryEventStore,
  PackageInstalled,
  PackageMigrated,
  PackageRemoved,
  PackageRotatedToRollback,
  RepositoryCreated,
  configurationStream,
  distributionStream,
  type Event,
  type EventMetadata,
  type FileRef,
  type RetryPolicy,
} from '@mbd/events';
import { loadOrCreateArchiveKey, type ArchiveKey } from '@mbd/gpg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArchiveReactor } from './archive.reactor.js';
import { FsBlobStore } from './blob-store/fs-blob-store.adapter.js';
import { ArchiveTrees } from './materialize/archive-trees.js';
import { checkpointPath } from './materialize/checkpoint-file.js';
import { RepreproAdapter } from './reprepro/reprepro.adapter.js';
import { diffArchive } from './replay/diff-archive.js';
import { rebuildRepository } from './replay/rebuild-repository.js';
import { buildBinaryPackage, buildSourcePackage } from './testing/debian-packages.js';
import { shimPrograms } from './testing/program-shims.js';

const unstable = 'bookworm-test-unstable';
/** Whether RepreproAdapter can run reprepro under eatmydata here (it then syncs each call's tree itself). */
const eatmydataRuns = spawnSync('eatmydata', ['true']).status === 0;
const testing = 'bookworm-test-testing';
const stable = 'bookworm-test-stable';

/** "name version" of every stanza of a Packages or Sources index, as apt would read them. */
async function index(tree: string, distribution: string, kind: 'Packages' | 'Sources'): Promise<string[]> {
  const path = join(tree, 'dists', distribution, 'main', kind === 'Packages' ? 'binary-amd64' : 'source', kind);
  const text = await readFile(path, 'utf8');
  return text
    .split('\n\n')
    .filter((stanza) => stanza.trim().length > 0)
    .map((stanza) => `${/^Package: (.+)$/m.exec(stanza)?.[1]} ${/^Version: (.+)$/m.exec(stanza)?.[1]}`)
    .sort();
}

/** Every Packages/Sources file of a tree (all compressions), path → bytes. */
async function indices(tree: string): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  for (const entry of await readdir(join(tree, 'dists'), { recursive: true, withFileTypes: true })) {
    if (entry.isFile() && /^(Packages|Sources)(\.gz|\.xz)?$/.test(entry.name)) {
      const path = join(entry.parentPath, entry.name);
      files.set(relative(tree, path), await readFile(path));
    }
  }
  return files;
}

describe('archive reactor with reprepro', () => {
  let dir: string;
  let store: InMemoryEventStore;
  let blobs: FsBlobStore;
  let key: ArchiveKey;
  let root: string;
  let tree: string;
  let reactor: ArchiveReactor;
  let clock = Date.parse('2026-01-01T00:00:00Z');
  const metadata = (uploadId = 'admin'): EventMetadata => {
    clock += 60_000;
    return { actor: { kind: 'user', name: 'admin' }, correlationId: uploadId, occurredAt: new Date(clock).toISOString() };
  };
  const append = async (streamId: string, ...events: Event[]): Promise<number> => (await store.append(streamId, events, 'any')).position;
  const files: Record<string, FileRef[]> = {};
  const positions: Record<string, number> = {};

  const stored = async (paths: readonly string[]): Promise<FileRef[]> =>
    Promise.all(paths.map(async (path) => ({ name: basename(path), ...(await blobs.putFile(path)) })));

  const startReactor = async (retry: RetryPolicy = { attempts: 1000, initialDelayMs: 100, maxDelayMs: 400 }): Promise<ArchiveReactor> => {
    const started = new ArchiveReactor({ store, trees: new ArchiveTrees({ root, blobs, reprepro: new RepreproAdapter(), key }), retry });
    await started.start();
    return started;
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mbd-reactor-'));
    store = new InMemoryEventStore();
    blobs = new FsBlobStore(join(dir, 'blobs'));
    key = await loadOrCreateArchiveKey(join(dir, 'keys'), 'mbd test archive key');
    root = join(dir, 'repositories');
    tree = join(root, 'test');
    const work = join(dir, 'work');
    files['1.0'] = await stored([
      ...(await buildSourcePackage(work, { name: 'hello', version: '1.0', binaries: ['hello', 'hello-doc'] })),
      await buildBinaryPackage(work, { name: 'hello', version: '1.0', source: 'hello' }),
      await buildBinaryPackage(work, { name: 'hello-doc', version: '1.0', source: 'hello' }),
    ]);
    files['1.1'] = await stored([
      ...(await buildSourcePackage(work, { name: 'hello', version: '1.1' })),
      await buildBinaryPackage(work, { name: 'hello', version: '1.1', source: 'hello' }),
    ]);
    files.other = await stored([await buildBinaryPackage(work, { name: 'other', version: '2.0' })]);
    reactor = await startReactor();
  });
  afterAll(async () => {
    await reactor.stop();
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('publishes every distribution and rollback of a created repository, signed', async () => {
    const layout = {
      ...defaultLayout,
      suites: defaultLayout.suites
        .filter((suite) => ['unstable', 'testing', 'stable'].includes(suite.name))
        .map((suite) => ({ ...suite, rollback: { unstable: 2, testing: 1, stable: 0 }[suite.name] ?? 0 })),
    };
    const position = await append(
      configurationStream('repository', 'test'),
      RepositoryCreated.create(
        {
          repository: 'test',
          layout,
          codenames: [{ codename: 'bookworm', codeversion: '12', architectures: [{ architecture: 'amd64', optional: false }], archAllOn: 'amd64', components: ['main'] }],
          allowUnsignedUploads: true,
          uploadPolicy: 'source-with-binaries',
        },
        metadata(),
      ),
    );
    await reactor.caughtUp(position);
    expect((await readdir(join(tree, 'dists'))).sort()).toEqual(
      [unstable, `${unstable}-rollback0`, `${unstable}-rollback1`, testing, `${testing}-rollback0`, stable].sort(),
    );
    expect(await index(tree, unstable, 'Packages')).toEqual([]);
    expect(await readFile(join(tree, 'dists', unstable, 'InRelease'), 'utf8')).toContain('-----BEGIN PGP SIGNATURE-----');
    expect(await readFile(join(tree, 'dists', `${unstable}-rollback0`, 'Release'), 'utf8')).toContain('NotAutomatic: yes');
    expect(await reactor.status()).toMatchObject({ state: 'following', position, lag: 0 });
  });

  it('installs a source and its binaries into unstable, re-signing only the Release it changed', async () => {
    const signed = async (distribution: string): Promise<string> => readFile(join(tree, 'dists', distribution, 'InRelease'), 'utf8');
    const testingSigned = await stat(join(tree, 'dists', testing, 'InRelease'));
    const position = await append(
      distributionStream('bookworm', 'test', 'unstable'),
      PackageInstalled.create(
        {
          distribution: unstable,
          source: 'hello',
          version: '1.0',
          uploadId: 'upload-1',
          files: files['1.0']!,
          binaries: ['hello', 'hello-doc'].map((name) => ({ package: name, version: '1.0', architecture: 'all' })),
        },
        metadata('upload-1'),
      ),
    );
    await reactor.caughtUp(position);
    expect(await index(tree, unstable, 'Packages')).toEqual(['hello 1.0', 'hello-doc 1.0']);
    expect(await index(tree, unstable, 'Sources')).toEqual(['hello 1.0']);
    expect(await readFile(checkpointPath(root), 'utf8')).toBe(`${position}\n`);
    expect(await signed(unstable)).toContain(await readFile(join(tree, 'dists', unstable, 'Release'), 'utf8'));
    // Not written again (a signature replaced is a new file: a write to a temporary name, then a rename).
    expect((await stat(join(tree, 'dists', testing, 'InRelease'))).ino).toBe(testingSigned.ino);
  });

  it('migrates to testing', async () => {
    const position = await append(
      distributionStream('bookworm', 'test', 'testing'),
      PackageMigrated.create(
        {
          from: unstable,
          to: testing,
          source: 'hello',
          version: '1.0',
          files: files['1.0']!,
          binaries: ['hello', 'hello-doc'].map((name) => ({ package: name, version: '1.0', architecture: 'all' })),
        },
        metadata(),
      ),
    );
    positions.migrated = position;
    await reactor.caughtUp(position);
    expect(await index(tree, testing, 'Packages')).toEqual(['hello 1.0', 'hello-doc 1.0']);
    expect(await index(tree, testing, 'Sources')).toEqual(['hello 1.0']);
  });

  it('rotates the replaced version into rollback0 and drops binaries the new version no longer builds', async () => {
    const position = await append(
      distributionStream('bookworm', 'test', 'unstable'),
      PackageRotatedToRollback.create({ distribution: unstable, source: 'hello', version: '1.0', rollbacks: ['1.0'], dropped: [] }, metadata('upload-2')),
      PackageInstalled.create(
        {
          distribution: unstable,
          source: 'hello',
          version: '1.1',
          uploadId: 'upload-2',
          files: files['1.1']!,
          binaries: [{ package: 'hello', version: '1.1', architecture: 'all' }],
          replaced: '1.0',
        },
        metadata('upload-2'),
      ),
    );
    await reactor.caughtUp(position);
    expect(await index(tree, unstable, 'Packages')).toEqual(['hello 1.1']);
    expect(await index(tree, unstable, 'Sources')).toEqual(['hello 1.1']);
    expect(await index(tree, `${unstable}-rollback0`, 'Packages')).toEqual(['hello 1.0', 'hello-doc 1.0']);
    expect(await index(tree, `${unstable}-rollback0`, 'Sources')).toEqual(['hello 1.0']);
    expect(await index(tree, testing, 'Packages')).toEqual(['hello 1.0', 'hello-doc 1.0']);
  });

  it('shifts rollbacks up on the next replacement', async () => {
    const position = await append(
      distributionStream('bookworm', 'test', 'unstable'),
      PackageRotatedToRollback.create({ distribution: unstable, source: 'hello', version: '1.1', rollbacks: ['1.1', '1.0'], dropped: [] }, metadata()),
      PackageRemoved.create({ distribution: unstable, source: 'hello', version: '1.1' }, metadata()),
      PackageRotatedToRollback.create({ distribution: testing, source: 'hello', version: '1.0', rollbacks: ['1.0'], dropped: [] }, metadata()),
      PackageRemoved.create({ distribution: testing, source: 'hello', version: '1.0', reason: 'superseded' }, metadata()),
    );
    positions.removed = position;
    await reactor.caughtUp(position);
    expect(await index(tree, unstable, 'Packages')).toEqual([]);
    expect(await index(tree, `${unstable}-rollback0`, 'Packages')).toEqual(['hello 1.1']);
    expect(await index(tree, `${unstable}-rollback1`, 'Packages')).toEqual(['hello 1.0', 'hello-doc 1.0']);
    expect(await index(tree, testing, 'Packages')).toEqual([]);
    expect(await index(tree, `${testing}-rollback0`, 'Sources')).toEqual(['hello 1.0']);
  });

  it('replays the whole log into a fresh tree with byte-identical Packages and Sources', async () => {
    const out = join(dir, 'rebuilt');
    const result = await rebuildRepository({ store, blobs, key, out });
    expect(result).toEqual({ position: await store.headPosition(), repositories: ['test'] });
    const live = await indices(tree);
    const rebuilt = await indices(join(out, 'test'));
    expect([...rebuilt.keys()].sort()).toEqual([...live.keys()].sort());
    expect(live.size).toBeGreaterThan(20);
    for (const [path, bytes] of live) expect(rebuilt.get(path)?.equals(bytes), path).toBe(true);
  });

  it('rebuilds the archive as it was at an earlier position', async () => {
    const out = join(dir, 'at-migrated');
    await rebuildRepository({ store, blobs, out, until: { position: positions.migrated! } });
    expect(await index(join(out, 'test'), unstable, 'Packages')).toEqual(['hello 1.0', 'hello-doc 1.0']);
    expect(await index(join(out, 'test'), testing, 'Sources')).toEqual(['hello 1.0']);
    expect(await index(join(out, 'test'), `${unstable}-rollback0`, 'Packages')).toEqual([]);
  });

  it('lists what entered and left each distribution between two positions, with the causing events', async () => {
    const diff = await diffArchive(store, { position: positions.migrated! }, { position: positions.removed! });
    const summary = diff.entries.map((entry) => `${entry.distribution} ${entry.source} ${entry.change} ${entry.before ?? '-'} ${entry.after ?? '-'}`);
    expect(summary).toEqual([
      `${testing} hello left 1.0 -`,
      `${testing}-rollback0 hello entered - 1.0`,
      `${unstable} hello left 1.0 -`,
      `${unstable}-rollback0 hello entered - 1.1`,
      `${unstable}-rollback1 hello entered - 1.0`,
    ]);
    const unstableCauses = diff.entries.find((entry) => entry.distribution === unstable)!.causes;
    expect(unstableCauses.map((cause) => cause.type)).toEqual(['PackageInstalled', 'PackageRemoved']);
    expect(unstableCauses[0]).toMatchObject({ uploadId: 'upload-2', actor: { kind: 'user', name: 'admin' } });
  });

  it('converges to the same tree after a crash between reprepro and the checkpoint', async () => {
    const before = await indices(tree);
    await reactor.stop();
    await writeFile(checkpointPath(root), `${positions.migrated! - 1}\n`);
    reactor = await startReactor();
    await reactor.caughtUp(await store.headPosition());
    const after = await indices(tree);
    for (const [path, bytes] of before) expect(after.get(path)?.equals(bytes), path).toBe(true);
    expect(await reactor.status()).toMatchObject({ position: await store.headPosition(), lag: 0 });
  });

  it('retries while reprepro fails (lock held) and recovers when the lock is gone', async () => {
    const lock = join(tree, 'db', 'lockfile');
    await writeFile(lock, '');
    const position = await append(
      distributionStream('bookworm', 'test', 'unstable'),
      PackageInstalled.create(
        { distribution: unstable, source: 'other', version: '2.0', files: files.other!, binaries: [{ package: 'other', version: '2.0', architecture: 'all' }] },
        metadata(),
      ),
    );
    await expect.poll(async () => (await reactor.status()).attempts, { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
    const failing = await reactor.status();
    expect(failing).toMatchObject({ state: 'retrying', position: position - 1, lag: 1, parked: [] });
    expect(failing.lastError).toMatch(/lock/);
    expect(failing.failingSince).toBeDefined();
    expect(await readFile(checkpointPath(root), 'utf8')).toBe(`${position - 1}\n`);
    await rm(lock);
    await reactor.caughtUp(position);
    expect(await index(tree, unstable, 'Packages')).toEqual(['other 2.0']);
    expect(await reactor.status()).toMatchObject({ state: 'following', position, attempts: 0 });
    expect((await reactor.status()).lastError).toBeUndefined();
    expect(existsSync(join(tree, '.mbd-staging'))).toBe(false);
  });

  it.skipIf(!eatmydataRuns)('keeps the checkpoint before a batch until reprepro\'s writes are synced to disk, never parks it, and applies it once they can be', async () => {
    await reactor.stop();
    reactor = await startReactor({ attempts: 2, initialDelayMs: 20, maxDelayMs: 40 });
    const durable = await stored([await buildBinaryPackage(join(dir, 'durable'), { name: 'durable', version: '1.0' })]);
    const programs = await shimPrograms(join(dir, 'shims'));
    try {
      await programs.shim('sync', 'exit 1');
      const position = await append(
        distributionStream('bookworm', 'test', 'unstable'),
        PackageInstalled.create(
          { distribution: unstable, source: 'durable', version: '1.0', files: durable, binaries: [{ package: 'durable', version: '1.0', architecture: 'all' }] },
          metadata(),
        ),
      );
      // Twice the attempts after which another failure would be parked.
      await expect.poll(async () => (await reactor.status()).attempts, { timeout: 20_000 }).toBeGreaterThanOrEqual(4);
      expect(await reactor.status()).toMatchObject({ state: 'retrying', position: position - 1, parked: [] });
      expect((await reactor.status()).lastError).toMatch(/sync -f/);
      expect(await readFile(checkpointPath(root), 'utf8')).toBe(`${position - 1}\n`);
      await programs.shim('sync');
      await reactor.caughtUp(position);
      expect(await index(tree, unstable, 'Packages')).toEqual(['durable 1.0', 'other 2.0']);
      expect(await readFile(checkpointPath(root), 'utf8')).toBe(`${position}\n`);
      expect((await programs.calls()).filter((line) => line.startsWith('sync')).at(-1)).toBe(`sync -f ${tree}`);
    } finally {
      programs.restore();
    }
  });

  it('parks an install reprepro refuses (another file under a taken pool name), publishes what follows, and a replay leaves it out too', async () => {
    await reactor.stop();
    reactor = await startReactor({ attempts: 2, initialDelayMs: 20, maxDelayMs: 40 });
    const clash = await stored([await buildBinaryPackage(join(dir, 'clash'), { name: 'other', version: '2.0', description: 'another build of other' })]);
    const refused = await append(
      distributionStream('bookworm', 'test', 'testing'),
      PackageInstalled.create({ distribution: testing, source: 'other', version: '2.0', files: clash, binaries: [{ package: 'other', version: '2.0', architecture: 'all' }] }, metadata()),
    );
    const third = await stored([await buildBinaryPackage(join(dir, 'third'), { name: 'third', version: '1.0' })]);
    const next = await append(
      distributionStream('bookworm', 'test', 'stable'),
      PackageInstalled.create({ distribution: stable, source: 'third', version: '1.0', files: third, binaries: [{ package: 'third', version: '1.0', architecture: 'all' }] }, metadata()),
    );
    await reactor.caughtUp(next);
    await reactor.caughtUp(await store.headPosition()); // its own EventParked
    expect(await index(tree, stable, 'Packages')).toContain('third 1.0');
    expect(await index(tree, testing, 'Packages')).not.toContain('other 2.0');
    const status = await reactor.status();
    expect(status).toMatchObject({ state: 'following', lag: 0, parked: [{ position: refused, eventType: 'PackageInstalled' }] });
    expect(status.parked[0]!.reason).toMatch(/other_2\.0_all\.deb/);
    expect((await store.readStream('follower-archive')).map((event) => event.type)).toEqual(['EventParked']);

    const out = join(dir, 'rebuilt-with-parked');
    await rebuildRepository({ store, blobs, key, out });
    const live = await indices(tree);
    const rebuilt = await indices(join(out, 'test'));
    for (const [path, bytes] of live) expect(rebuilt.get(path)?.equals(bytes), path).toBe(true);
  });
});
