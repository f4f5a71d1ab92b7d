/**
 * The web pages under load, as issue 12 asks: a repository of 1,000 source packages with 10 versions
 * each, an audit log of 1,000,000 events, and 32 concurrent clients (autocannon, 10 s) on the package
 * tracker page and on an audit-log page deep in the log, anonymous (served by the page cache) and
 * signed in (rendered for every request). The log is a SQLite event store in a temp dir,
 * the read models are built by the real projections, and the pages are served by the real WebModule
 * and HTTP setup (the web test app, with the real event store, read models and configuration).
 * MBD_BENCH_PAGES_EVENTS makes the log smaller for a quick look.
 */
import autocannon from 'autocannon';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sandboxConfiguration } from '@mbd/archive';
import {
  BuildRequested,
  BuildStarted,
  BuildSucceeded,
  EventStore,
  PackageInstalled,
  SqliteEventStore,
  UploadAccepted,
  UploadReceived,
  UploadRejected,
  distributionStream,
  uploadStream,
  type Event,
  type EventMetadata,
  type FileRef,
} from '@mbd/events';
import { ProjectionRunner, ProjectionsService, openReadModels, readModelProjections } from '@mbd/projections';
import { ConfigurationService } from '@mbd/workflows';
// The web test app is a test fixture, not part of @mbd/web's API (it would load @nestjs/testing into the daemon).
// eslint-disable-next-line no-restricted-imports
import { ADMIN_TOKEN_FOR_TESTS, startWebApp } from '../libs/web/src/testing/web-app.fixture.js';
import type { BenchResult } from './bench-result.js';

const SOURCES = 1000;
const VERSIONS = 10;
const EVENTS = Number(process.env['MBD_BENCH_PAGES_EVENTS'] ?? 1_000_000);
const CLIENTS = 32;
const SECONDS = 10;
const DISTRIBUTION = 'bookworm-test-unstable';

const start = Date.UTC(2026, 0, 1);
let clock = 0;
const metadata = (correlationId: string, actor: EventMetadata['actor'] = { kind: 'daemon' }): EventMetadata => ({
  actor,
  correlationId,
  occurredAt: new Date(start + (clock += 1000)).toISOString(),
});
const file = (name: string, size: number): FileRef => ({ name, sha256: 'ab'.repeat(32), size });
const sourceName = (index: number) => `bench-src${String(index).padStart(4, '0')}`;

/** One upload's whole story: received, accepted, built on amd64, installed into unstable (replacing the previous version). */
function uploadStory(source: string, revision: number): { upload: Event[]; installed: Event } {
  const version = `1.0-${revision}`;
  const uploadId = `${source}-${revision}`;
  const meta = () => metadata(uploadId);
  const dsc = file(`${source}_${version}.dsc`, 1200);
  const deb = file(`${source}_${version}_all.deb`, 52_000);
  const changedBy = 'Bench Maintainer <bench@example.org>';
  return {
    upload: [
      UploadReceived.create(
        { uploadId, changes: file(`${source}_${version}_source.changes`, 1800), files: [dsc], source, version, distribution: 'unstable', architectures: ['source'], changedBy, signedBy: null, via: 'ftp' },
        meta(),
      ),
      UploadAccepted.create(
        { uploadId, source, version, distribution: DISTRIBUTION, codename: 'bookworm', repository: 'test', suite: 'unstable', buildArchitectures: ['amd64'], archAllOn: 'amd64' },
        meta(),
      ),
      BuildRequested.create({ uploadId, buildId: `${uploadId}-amd64-1`, source, version, distribution: DISTRIBUTION, architecture: 'amd64', archAll: true, optional: false, attempt: 1 }, meta()),
      BuildStarted.create({ buildId: `${uploadId}-amd64-1`, architecture: 'amd64', builder: 'local', chroot: 'bookworm-amd64' }, meta()),
      BuildSucceeded.create(
        { buildId: `${uploadId}-amd64-1`, architecture: 'amd64', files: [file(`${source}_${version}_amd64.changes`, 1500), deb], log: file(`${source}_${version}_amd64.build`, 40_000), lintian: { errors: 0, warnings: 1, tags: ['W: some-tag'] }, seconds: 9 },
        meta(),
      ),
    ],
    installed: PackageInstalled.create(
      {
        distribution: DISTRIBUTION,
        source,
        version,
        uploadId,
        files: [dsc, deb],
        binaries: [{ package: source, version, architecture: 'all' }],
        ...(revision > 1 ? { replaced: `1.0-${revision - 1}` } : {}),
      },
      meta(),
    ),
  };
}

/** Appends the sandbox configuration, the 10,000 upload stories, then rejected uploads up to EVENTS in all. */
async function fillLog(store: SqliteEventStore): Promise<number> {
  for (const { streamId, event } of sandboxConfiguration('0123456789ABCDEF0123456789ABCDEF01234567', new Date(start).toISOString())) {
    await store.append(streamId, [event], 'any');
  }
  for (let revision = 1; revision <= VERSIONS; revision += 1) {
    const installed: Event[] = [];
    for (let index = 0; index < SOURCES; index += 1) {
      const story = uploadStory(sourceName(index), revision);
      await store.append(uploadStream(`${sourceName(index)}-${revision}`), story.upload, 'no-stream');
      installed.push(story.installed);
    }
    await store.append(distributionStream('bookworm', 'test', 'unstable'), installed, 'any');
  }
  // The rest: uploads rejected at once (a stranger's key), 1,000 events per append.
  let head = await store.headPosition();
  for (let batch = 0; head < EVENTS; batch += 1) {
    const events: Event[] = [];
    for (let i = 0; i < 500 && head + events.length < EVENTS; i += 1) {
      const uploadId = `rejected-${batch}-${i}`;
      const source = sourceName((batch * 500 + i) % SOURCES);
      events.push(
        UploadReceived.create(
          { uploadId, changes: file(`${source}_9.9-1_source.changes`, 1800), files: [], source, version: '9.9-1', distribution: 'unstable', architectures: ['source'], changedBy: 'Someone <someone@example.org>', signedBy: null, via: 'ftp' },
          metadata(uploadId),
        ),
        UploadRejected.create({ uploadId, source, version: '9.9-1', distribution: 'unstable', reasons: ['signed by a key that is no uploader of test'] }, metadata(uploadId)),
      );
    }
    head = (await store.append(uploadStream(`rejected-${batch}`), events, 'any')).position;
  }
  return head;
}

/**
 * Requests per second and p99 latency of `url` under CLIENTS concurrent clients for SECONDS (the
 * clients in a worker thread of their own, not in the server's event loop); every answer must be a 200.
 */
async function load(url: string, headers: Record<string, string> = {}): Promise<{ rps: number; p99: number }> {
  const single = performance.now();
  const response = await fetch(url, { headers });
  if (response.status !== 200) throw new Error(`${url}: ${response.status} ${(await response.text()).slice(0, 300)}`);
  await response.text();
  console.log(`${url}${headers['cookie'] ? ' (signed in)' : ''}: one request alone ${(performance.now() - single).toFixed(1)} ms`);
  const result = await autocannon({ url, headers, connections: CLIENTS, duration: SECONDS, timeout: 60, workers: 1 });
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${url}: ${result.non2xx} non-2xx answers, ${result.errors} errors (${result.timeouts} timeouts) under load`);
  return { rps: result.requests.average, p99: result.latency.p99 };
}

export async function run(): Promise<BenchResult[]> {
  const dir = await mkdtemp(join(tmpdir(), 'mbd-bench-pages-'));
  const store = await SqliteEventStore.open(join(dir, 'events.sqlite'));
  const results: BenchResult[] = [];
  let web: Awaited<ReturnType<typeof startWebApp>> | undefined;
  const dataSource = await openReadModels({ dataDir: dir, readModels: 'sqlite' });
  const runner = new ProjectionRunner(dataSource, store, readModelProjections);
  try {
    let began = performance.now();
    const head = await fillLog(store);
    const appendSeconds = (performance.now() - began) / 1000;
    results.push({ name: 'pages: fill the log', value: head / appendSeconds, unit: 'events/s', note: `${head.toLocaleString('en')} events` });
    began = performance.now();
    await runner.start();
    await runner.waitForPosition(head, 3_600_000);
    results.push({ name: 'pages: every projection catching up from nothing', value: head / ((performance.now() - began) / 1000), unit: 'events/s', note: `${readModelProjections.length} read models` });

    const configuration = new ConfigurationService(store);
    await configuration.onModuleInit();
    const projections = new ProjectionsService(runner, store, dataSource);
    web = await startWebApp({
      dataDir: dir,
      timeTravel: { resolve: () => Promise.resolve(head), treeAt: () => Promise.resolve(join(dir, 'repositories', 'test')) },
      providers: [
        { provide: EventStore, useValue: store },
        { provide: ProjectionsService, useValue: projections },
        { provide: ConfigurationService, useValue: configuration },
      ],
    });
    const note = `${SOURCES} sources × ${VERSIONS} versions, ${head.toLocaleString('en')} events, ${CLIENTS} clients, ${SECONDS} s`;
    const pages = [
      { name: 'package tracker page', path: `/packages/${sourceName(SOURCES / 2)}` },
      { name: 'audit-log page deep in the log', path: `/audit?before=${Math.floor(head / 2)}` },
    ];
    console.log(results.map((result) => `${result.name}: ${Math.round(result.value)} ${result.unit}`).join('\n'));
    const signIn = await fetch(`${web.url}/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: ADMIN_TOKEN_FOR_TESTS }).toString(),
      redirect: 'manual',
    });
    const cookie = signIn.headers.get('set-cookie')!.split(';')[0]!;
    // Anonymous views come from the page cache (one rendering per URL and second); signed-in ones are rendered every time.
    for (const page of pages) {
      for (const [who, headers] of [['anonymous', {}], ['signed in', { cookie }]] as const) {
        const figures = await load(`${web.url}${page.path}`, headers);
        results.push({ name: `${page.name}, ${who}, requests`, value: figures.rps, unit: 'req/s', note });
        results.push({ name: `${page.name}, ${who}, p99`, value: figures.p99, unit: 'ms', note: 'goal ≤ 50 ms' });
      }
    }
    await configuration.onApplicationShutdown();
    return results;
  } finally {
    // Closing the web app shuts the ProjectionsService down too (runner and read models).
    await web?.close();
    await runner.stop();
    if (dataSource.isInitialized) await dataSource.destroy();
    await store.close();
    await rm(dir, { recursive: true, force: true });
  }
}
