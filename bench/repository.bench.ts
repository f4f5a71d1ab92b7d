/**
 * The archive reactor against raw reprepro, on 500 generated binary packages (dpkg-deb, arch all):
 * - raw: one `reprepro includedeb` of all 500 .debs into a fresh tree (export included);
 * - install through mbd: 500 PackageInstalled events appended one by one to an SQLite event store,
 *   with the archive reactor following the log (blob store → reprepro, batched, exported and signed),
 *   timed from the first append until the reactor's checkpoint reaches the head;
 * - rebuild: `rebuildRepository` of the same log into a fresh directory (goal: ≤ 1.2 × raw).
 * Files are put into the blob store before timing (in mbd that happens at upload). Medians of 3 runs;
 * each run times the three back to back and the ratios are medians of the per-run ratios.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { defaultLayoutWithoutRollbacks } from '@mbd/archive';
import {
  PackageInstalled,
  RepositoryCreated,
  SqliteEventStore,
  configurationStream,
  distributionStream,
  type EventMetadata,
  type FileRef,
  type RepositoryConfig,
} from '@mbd/events';
import { loadOrCreateArchiveKey } from '@mbd/gpg';
import {
  ArchiveReactor,
  ArchiveTrees,
  FsBlobStore,
  RepreproAdapter,
  buildBinaryPackage,
  rebuildRepository,
  repreproDistributionsOf,
} from '@mbd/repository';
import { medianMs, type BenchResult } from './bench-result.js';

const RUNS = 3;
const PACKAGES = 500;
const distribution = 'bookworm-test-unstable';

const config: RepositoryConfig = {
  repository: 'test',
  layout: defaultLayoutWithoutRollbacks,
  codenames: [{ codename: 'bookworm', codeversion: '12', architectures: [{ architecture: 'amd64', optional: false }], archAllOn: 'amd64', components: ['main'] }],
  allowUnsignedUploads: true,
  uploadPolicy: 'source-with-binaries',
};

const metadata = (): EventMetadata => ({ actor: { kind: 'daemon' }, correlationId: randomUUID(), occurredAt: new Date().toISOString() });

/** Appends the repository and one PackageInstalled per file; resolves when the reactor has applied them all. */
async function installThroughMbd(store: SqliteEventStore, trees: ArchiveTrees, files: readonly FileRef[]): Promise<void> {
  const reactor = new ArchiveReactor({ store, trees });
  await reactor.start();
  try {
    let last = (await store.append(configurationStream('repository', 'test'), [RepositoryCreated.create(config, metadata())], 'no-stream')).position;
    const stream = distributionStream('bookworm', 'test', 'unstable');
    for (const [index, file] of files.entries()) {
      const name = `bench-pkg-${index}`;
      const event = PackageInstalled.create(
        { distribution, source: name, version: '1.0-1', files: [file], binaries: [{ package: name, version: '1.0-1', architecture: 'all' }] },
        metadata(),
      );
      last = (await store.append(stream, [event], 'any')).position;
    }
    await reactor.caughtUp(last);
  } finally {
    await reactor.stop();
  }
}

export async function run(): Promise<BenchResult[]> {
  const dir = await mkdtemp(join(tmpdir(), 'mbd-bench-repository-'));
  try {
    const debsDir = join(dir, 'debs');
    const debs: string[] = [];
    for (let start = 0; start < PACKAGES; start += 8) {
      const names = Array.from({ length: Math.min(8, PACKAGES - start) }, (_, offset) => `bench-pkg-${start + offset}`);
      debs.push(...(await Promise.all(names.map((name) => buildBinaryPackage(debsDir, { name, version: '1.0-1' })))));
    }
    const reprepro = new RepreproAdapter();
    const distributions = repreproDistributionsOf(config);

    const blobs = new FsBlobStore(join(dir, 'blobs'));
    const files: FileRef[] = [];
    for (const deb of debs) files.push({ name: basename(deb), ...(await blobs.putFile(deb)) });
    const key = await loadOrCreateArchiveKey(join(dir, 'gpg'), 'mbd bench archive key');

    const runs: { raw: number; installed: number; rebuild: number }[] = [];
    for (let index = 0; index < RUNS; index++) {
      const raw = await medianMs(1, async () => {
        const tree = join(dir, `raw-${index}`);
        await reprepro.configure(tree, distributions);
        await reprepro.includeDebs(tree, distribution, debs);
      });
      const store = await SqliteEventStore.open(join(dir, `events-${index}.sqlite`));
      try {
        const installed = await medianMs(1, () => installThroughMbd(store, new ArchiveTrees({ root: join(dir, `live-${index}`), blobs, reprepro, key }), files));
        const rebuild = await medianMs(1, async () => {
          await rebuildRepository({ store, blobs, key, reprepro, out: join(dir, `rebuilt-${index}`) });
        });
        runs.push({ raw, installed, rebuild });
      } finally {
        await store.close();
      }
    }
    const median = (values: number[]): number => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

    return [
      { name: `raw reprepro includedeb, ${PACKAGES} debs, one call`, value: median(runs.map((run) => run.raw)), unit: 'ms' },
      {
        name: `install ${PACKAGES} packages through mbd (log → reactor → reprepro)`,
        value: median(runs.map((run) => run.installed)),
        unit: 'ms',
        note: 'one append per package',
      },
      { name: 'install through mbd / raw batch', value: median(runs.map((run) => run.installed / run.raw)), unit: '×' },
      { name: `rebuild ${PACKAGES} packages from the log`, value: median(runs.map((run) => run.rebuild)), unit: 'ms' },
      { name: 'rebuild from log / raw batch', value: median(runs.map((run) => run.rebuild / run.raw)), unit: '×', note: 'goal ≤ 1.2' },
    ];
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
