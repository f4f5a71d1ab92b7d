/**
 * Static repository files and /api/status under 32 concurrent clients for 10 s (autocannon, in a
 * worker thread of this process), as issue 15 measures them:
 * - a real daemon from dist/ (test/support/daemon.ts, MBD_BUILD_JOBS=0) whose sandbox repository holds
 *   PACKAGES generated binary packages (dpkg-deb), installed the way the log installs them: blobs put
 *   into its blob store and PackageInstalled appended to its log while it is stopped, then applied by
 *   its archive reactor (reprepro, exported and signed) once it starts again;
 * - the floor measured in the same run: a plain static server (node:http + fs.createReadStream, no
 *   checks, its own process) serving the same Packages and Release files;
 * - mini-buildd's figures from issue 15 as named constants: the goal rows compare against them;
 * - the load generator's ceiling in the same run (answers of the Release's and the Packages file's
 *   sizes from memory, no file system), to read them by.
 * Every figure is the median of RUNS rounds; each round loads mbd and the plain server back to back.
 * MBD_BENCH_HTTP_RUNS and MBD_BENCH_HTTP_SECONDS make it shorter for a quick look.
 */
import autocannon from 'autocannon';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { PackageInstalled, SqliteEventStore, distributionStream, sqliteEventStoreFile, type EventMetadata, type FileRef } from '@mbd/events';
import { FsBlobStore, buildBinaryPackage, repositoryPaths } from '@mbd/repository';
import { freePort } from '../test/support/free-port.js';
import { removeDataDir, settled, startDaemon, type RunningDaemon } from '../test/support/daemon.js';
import { median, type BenchResult } from './bench-result.js';

const PACKAGES = 300;
const CLIENTS = 32;
const SECONDS = Number(process.env['MBD_BENCH_HTTP_SECONDS'] ?? 10);
const RUNS = Number(process.env['MBD_BENCH_HTTP_RUNS'] ?? 3);
const DISTRIBUTION = 'bookworm-test-unstable';
const RELEASE = `test/dists/${DISTRIBUTION}/Release`;
const PACKAGES_FILE = `test/dists/${DISTRIBUTION}/main/binary-amd64/Packages`;

/** mini-buildd 2.2.8 from Debian trixie, 32 clients (wrk, 10 s), on the same 2-core machine within the hour of mbd's figures (issue 15). */
const MINI_BUILDD = {
  packages: { name: 'mini-buildd 2.2.8, issue 15', value: 6940 },
  release: { name: 'mini-buildd 2.2.8, issue 15', value: 6857 },
  status: { name: 'mini-buildd 2.2.8, issue 15', value: 213 },
  statusP99: { name: 'mini-buildd 2.2.8, issue 15', value: 237 },
} as const;

/**
 * The floor: the plainest static server node has, serving a directory (no path checks, no ETag, no
 * cache); its `/ceiling/<bytes>` answers that many bytes from memory: what the load generator and the
 * loopback reach at all for an answer of that size.
 */
const PLAIN_SERVER = `
import { createServer } from 'node:http';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
const [root, port] = process.argv.slice(1);
const fixed = new Map();
createServer(async (request, response) => {
  if (request.url.startsWith('/ceiling/')) {
    const size = Number(request.url.slice('/ceiling/'.length));
    if (!fixed.has(size)) fixed.set(size, Buffer.alloc(size, 'x'));
    return void response.writeHead(200, { 'Content-Length': size }).end(fixed.get(size));
  }
  const path = join(root, decodeURIComponent(request.url.split('?')[0]));
  const file = await stat(path).catch(() => undefined);
  if (!file?.isFile()) return void response.writeHead(404).end();
  response.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': file.size });
  createReadStream(path).pipe(response);
}).listen(Number(port), '127.0.0.1', () => console.log('listening'));
`;

async function startPlainServer(root: string): Promise<{ url: string; process: ChildProcess }> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--input-type=module', '-e', PLAIN_SERVER, root, String(port)], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.once('data', () => resolve());
    child.once('exit', (code) => reject(new Error(`the plain static server exited with ${String(code)}`)));
  });
  return { url: `http://127.0.0.1:${port}`, process: child };
}

/** Requests per second and p99 latency of `url` under CLIENTS clients for SECONDS; every answer must be a 200. */
async function load(url: string): Promise<{ rps: number; p99: number }> {
  const response = await fetch(url);
  if (response.status !== 200) throw new Error(`${url}: ${response.status} ${(await response.text()).slice(0, 300)}`);
  await response.arrayBuffer();
  const result = await autocannon({ url, connections: CLIENTS, duration: SECONDS, timeout: 60, workers: 1 });
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${url}: ${result.non2xx} non-2xx answers, ${result.errors} errors (${result.timeouts} timeouts) under load`);
  return { rps: result.requests.average, p99: result.latency.p99 };
}

const metadata = (): EventMetadata => ({ actor: { kind: 'daemon' }, correlationId: randomUUID(), occurredAt: new Date().toISOString() });

/** Fills the sandbox's unstable with PACKAGES generated packages through the daemon's own log and archive reactor; returns the daemon restarted. */
async function fillRepository(daemon: RunningDaemon, work: string): Promise<RunningDaemon> {
  const debs: string[] = [];
  for (let start = 0; start < PACKAGES; start += 8) {
    const names = Array.from({ length: Math.min(8, PACKAGES - start) }, (_, offset) => `bench-http-${start + offset}`);
    debs.push(...(await Promise.all(names.map((name) => buildBinaryPackage(join(work, 'debs'), { name, version: '1.0-1' })))));
  }
  await daemon.stop();
  const blobs = new FsBlobStore(repositoryPaths(daemon.dataDir).blobs);
  const store = await SqliteEventStore.open(sqliteEventStoreFile({ dataDir: daemon.dataDir }));
  try {
    const events = [];
    for (const [index, deb] of debs.entries()) {
      const file: FileRef = { name: basename(deb), ...(await blobs.putFile(deb)) };
      const name = `bench-http-${index}`;
      events.push(PackageInstalled.create({ distribution: DISTRIBUTION, source: name, version: '1.0-1', files: [file], binaries: [{ package: name, version: '1.0-1', architecture: 'all' }] }, metadata()));
    }
    await store.append(distributionStream('bookworm', 'test', 'unstable'), events, 'any');
  } finally {
    await store.close();
  }
  const restarted = await daemon.restart();
  await settled(restarted, 300_000);
  return restarted;
}

export async function run(): Promise<BenchResult[]> {
  const work = await mkdtemp(join(tmpdir(), 'mbd-bench-http-'));
  let daemon: RunningDaemon | undefined;
  let plain: Awaited<ReturnType<typeof startPlainServer>> | undefined;
  try {
    daemon = await startDaemon({ env: { MBD_BUILD_JOBS: '0' } });
    await settled(daemon);
    daemon = await fillRepository(daemon, work);
    const packagesText = await (await fetch(`${daemon.url}/repositories/${PACKAGES_FILE}`)).text();
    const installed = packagesText.match(/^Package: /gm)?.length ?? 0;
    if (installed !== PACKAGES) throw new Error(`the Packages file lists ${installed} packages, not ${PACKAGES}`);
    const releaseBytes = Buffer.byteLength(await (await fetch(`${daemon.url}/repositories/${RELEASE}`)).text());
    plain = await startPlainServer(join(daemon.dataDir, 'repositories'));

    const rounds: Record<'packages' | 'packagesPlain' | 'release' | 'releasePlain' | 'status' | 'ceiling' | 'ceilingPackages', { rps: number; p99: number }[]> = {
      ceiling: [],
      ceilingPackages: [],
      packages: [],
      packagesPlain: [],
      release: [],
      releasePlain: [],
      status: [],
    };
    for (let round = 0; round < RUNS; round += 1) {
      rounds.packages.push(await load(`${daemon.url}/repositories/${PACKAGES_FILE}`));
      rounds.packagesPlain.push(await load(`${plain.url}/${PACKAGES_FILE}`));
      rounds.release.push(await load(`${daemon.url}/repositories/${RELEASE}`));
      rounds.releasePlain.push(await load(`${plain.url}/${RELEASE}`));
      rounds.status.push(await load(`${daemon.url}/api/status`));
      rounds.ceiling.push(await load(`${plain.url}/ceiling/${releaseBytes}`));
      rounds.ceilingPackages.push(await load(`${plain.url}/ceiling/${Buffer.byteLength(packagesText)}`));
    }
    const rps = (key: keyof typeof rounds) => median(rounds[key].map((figures) => figures.rps));
    const p99 = (key: keyof typeof rounds) => median(rounds[key].map((figures) => figures.p99));
    const note = `${CLIENTS} clients, ${SECONDS} s, median of ${RUNS}`;
    const plainFloor = (key: 'packagesPlain' | 'releasePlain') => ({ name: 'plain node:http + fs.createReadStream, same file, same run', value: rps(key) });
    const size = `${Buffer.byteLength(packagesText).toLocaleString('en')} bytes, ${PACKAGES} packages`;
    return [
      { name: 'http: Packages file, requests', value: rps('packages'), unit: 'req/s', note: `${size}, ${note}`, floor: plainFloor('packagesPlain') },
      { name: 'http: Packages file, requests vs mini-buildd', value: rps('packages'), unit: 'req/s', note, floor: MINI_BUILDD.packages, goal: { of: 'ratio', atLeast: 1.5 } },
      { name: 'http: Packages file, p99', value: p99('packages'), unit: 'ms', note, floor: { name: 'plain static server, same run', value: p99('packagesPlain') } },
      { name: 'http: Release, requests', value: rps('release'), unit: 'req/s', note, floor: plainFloor('releasePlain') },
      { name: 'http: Release, requests vs mini-buildd', value: rps('release'), unit: 'req/s', note, floor: MINI_BUILDD.release, goal: { of: 'ratio', atLeast: 1.5 } },
      { name: 'http: Release, p99', value: p99('release'), unit: 'ms', note, floor: { name: 'plain static server, same run', value: p99('releasePlain') } },
      { name: 'http: GET /api/status, requests', value: rps('status'), unit: 'req/s', note, floor: MINI_BUILDD.status },
      { name: 'http: load generator ceiling, Release-sized answer from memory', value: rps('ceiling'), unit: 'req/s', note: `${releaseBytes} bytes, p99 ${p99('ceiling')} ms, ${note}` },
      { name: 'http: load generator ceiling, Packages-sized answer from memory', value: rps('ceilingPackages'), unit: 'req/s', note: `p99 ${p99('ceilingPackages')} ms, ${note}` },
      { name: 'http: GET /api/status, p99', value: p99('status'), unit: 'ms', note, floor: MINI_BUILDD.statusP99, goal: { of: 'value', atMost: 15 } },
    ];
  } finally {
    plain?.process.kill();
    await daemon?.stop();
    if (daemon) removeDataDir(daemon);
    await rm(work, { recursive: true, force: true });
  }
}
