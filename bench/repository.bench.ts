/**
 * The archive reactor against raw reprepro, on 500 generated binary packages (dpkg-deb, arch all):
 * - raw: one `reprepro includedeb` of all 500 .debs into a fresh tree (export included): the floor;
 * - install through mbd: 500 PackageInstalled events appended one by one to an SQLite event store,
 *   with the archive reactor following the log (blob store → reprepro, batched, exported and signed),
 *   timed from the first append until the reactor's checkpoint reaches the head (goal ≤ 1.3 × raw);
 * - rebuild: `rebuildRepository` of the same log into a fresh directory (goal ≤ 1.2 × raw, every run).
 * Files are put into the blob store before timing (in mbd that happens at upload). 5 runs; each run
 * times the three back to back. The goal rows give the medians, and again the run with the worst
 * ratio (steadiness). Reference rows: the 500 appends alone (the event store's share of the install,
 * fsync per append), and the raw call under eatmydata with one `sync -f` (how mbd's RepreproAdapter
 * runs reprepro): raw reprepro spends most of its time in ~2 fdatasyncs per package, which on a busy
 * disk is also where the runs' spread comes from.
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
import { execa } from 'execa';
import { median, medianMs, type BenchResult } from './bench-result.js';

const RUNS = 5;
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

/**
 * Appends the repository and one PackageInstalled per file; resolves when the reactor has applied them
 * all. Returns when the appends were done (ms after the start).
 */
async function installThroughMbd(store: SqliteEventStore, trees: ArchiveTrees, files: readonly FileRef[]): Promise<number> {
  const start = performance.now();
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
    const appended = performance.now() - start;
    await reactor.caughtUp(last);
    return appended;
  } finally {
    await reactor.stop();
  }
}

interface Run {
  readonly raw: number;
  readonly rawUnsynced: number;
  readonly appends: number;
  readonly installed: number;
  readonly rebuild: number;
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
    /** One plain `reprepro includedeb` (it exports what changed) of all the debs into a fresh tree; `unsynced`: under eatmydata. */
    const rawCall = async (tree: string, unsynced: boolean): Promise<void> => {
      await reprepro.configure(tree, distributions);
      const [program, ...prefix] = unsynced ? ['eatmydata', 'reprepro'] : ['reprepro'];
      await execa(program!, [...prefix, '--basedir', tree, 'includedeb', distribution, ...debs], { stdin: 'ignore' });
    };

    const blobs = new FsBlobStore(join(dir, 'blobs'));
    const files: FileRef[] = [];
    for (const deb of debs) files.push({ name: basename(deb), ...(await blobs.putFile(deb)) });
    const key = await loadOrCreateArchiveKey(join(dir, 'gpg'), 'mbd bench archive key');

    const runs: Run[] = [];
    for (let index = 0; index < RUNS; index++) {
      const raw = await medianMs(1, () => rawCall(join(dir, `raw-${index}`), false));
      const rawUnsynced = await medianMs(1, async () => {
        const tree = join(dir, `raw-unsynced-${index}`);
        await rawCall(tree, true);
        await execa('sync', ['-f', tree]);
      });
      const store = await SqliteEventStore.open(join(dir, `events-${index}.sqlite`));
      try {
        let appends = 0;
        const installed = await medianMs(1, async () => {
          appends = await installThroughMbd(store, new ArchiveTrees({ root: join(dir, `live-${index}`), blobs, reprepro, key }), files);
        });
        const rebuild = await medianMs(1, async () => {
          await rebuildRepository({ store, blobs, key, reprepro, out: join(dir, `rebuilt-${index}`) });
        });
        runs.push({ raw, rawUnsynced, appends, installed, rebuild });
      } finally {
        await store.close();
      }
      await rm(join(dir, `raw-${index}`), { recursive: true, force: true });
    }
    const floor = { name: `raw reprepro includedeb, ${PACKAGES} debs, one call` };
    const worst = (figure: (run: Run) => number): Run => runs.reduce((worse, run) => (figure(run) / run.raw > figure(worse) / worse.raw ? run : worse));
    const spread = (figure: (run: Run) => number): string => {
      const ratios = runs.map((run) => figure(run) / run.raw).sort((a, b) => a - b);
      return `${RUNS} runs: ${ratios[0]!.toFixed(2)}–${ratios.at(-1)!.toFixed(2)} ×`;
    };
    const installed = (run: Run): number => run.installed;
    const rebuilt = (run: Run): number => run.rebuild;
    const rawValues = runs.map((run) => run.raw);

    return [
      { name: floor.name, value: median(rawValues), unit: 'ms', note: `${RUNS} runs: ${Math.round(Math.min(...rawValues))}–${Math.round(Math.max(...rawValues))} ms` },
      {
        name: 'raw includedeb under eatmydata + sync -f (reference)',
        value: median(runs.map((run) => run.rawUnsynced)),
        unit: 'ms',
        note: "how mbd's RepreproAdapter runs reprepro",
      },
      {
        name: `install ${PACKAGES} packages through mbd (log → reactor → reprepro)`,
        value: median(runs.map(installed)),
        unit: 'ms',
        note: `one append per package; ${spread(installed)}`,
        floor: { ...floor, value: median(rawValues) },
        goal: { of: 'ratio', atMost: 1.3 },
      },
      {
        name: `install ${PACKAGES} through mbd, worst of ${RUNS} runs`,
        value: worst(installed).installed,
        unit: 'ms',
        floor: { ...floor, value: worst(installed).raw },
        goal: { of: 'ratio', atMost: 1.3 },
      },
      { name: `  of which ${PACKAGES} appends (SQLite, fsync each)`, value: median(runs.map((run) => run.appends)), unit: 'ms', note: 'before the reactor catches up' },
      {
        name: `rebuild ${PACKAGES} packages from the log`,
        value: median(runs.map(rebuilt)),
        unit: 'ms',
        note: spread(rebuilt),
        floor: { ...floor, value: median(rawValues) },
        goal: { of: 'ratio', atMost: 1.2 },
      },
      {
        name: `rebuild ${PACKAGES} from the log, worst of ${RUNS} runs`,
        value: worst(rebuilt).rebuild,
        unit: 'ms',
        floor: { ...floor, value: worst(rebuilt).raw },
        goal: { of: 'ratio', atMost: 1.2 },
      },
    ];
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
