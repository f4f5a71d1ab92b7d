/**
 * The phase split of one build through the real daemon, for the trivial arch:all package (mbd-test-all)
 * and the C package (mbd-test-any), median of three uploads each, beside sbuild run directly on the
 * daemon's own chroot (the floor of "dput → installed").
 *
 * How the phases are timed: queue wait, install and publish from the events' `occurredAt`; inside sbuild
 * from sbuild's own section headings (`| Install package build dependencies |` …) at the time each line
 * arrives on the build's live log (GET /api/builds/:id/log/stream, subscribed to as soon as the build is
 * requested; lines sent before the subscription are replayed at once, so a late subscription only moves
 * the start of "session setup" — it is not later than the first heading). sbuild's log has no time per line.
 *   session setup  BuildStarted → first section after the banner (schroot session, sbuild's own start)
 *   apt update     "Update chroot" → "Fetch source files" (none while the chroot's indices are fresh;
 *                  the archive's own repository is updated in "session setup", by the chroot setup command)
 *   build-deps     "Fetch source files" → "Build" (source, apt resolver, dpkg)
 *   build          "Build" → "Changes" (dpkg-buildpackage)
 *   sbuild's end   "Changes" → the end of the log stream (sbuild's reports, session end)
 *   lintian        the end of the log stream → BuildSucceeded (lintian, storing the results)
 *   install        BuildSucceeded → PackageInstalled
 *   publish        PackageInstalled → every follower settled
 */
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { sbuildInvocation, stageHeading } from '@mbd/builder';
import { settled } from '../test/support/daemon.js';
import { buildSourceUpload } from '../test/support/packages.js';
import { dput } from '../test/support/uploads.js';
import { median, type BenchResult } from './bench-result.js';
import { ENDS, startBuildingDaemon, type BuildingDaemon, type TimedEntry } from './building-daemon.js';

const exec = promisify(execFile);
/** Uploads per package; versions `1.0~test12+<n>`, the only ones the test repository's unstable takes. */
const RUNS = 3;
const PHASES = ['dput → UploadReceived', 'queue wait', 'session setup', 'apt update', 'build-deps', 'build', "sbuild's end", 'lintian', 'install', 'publish'] as const;
type Phase = (typeof PHASES)[number];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The arrival time (ms since the epoch) of each sbuild section heading on the live log, and of its end. */
async function followLog(daemon: BuildingDaemon, buildId: string): Promise<{ headings: Map<string, number>; end: number }> {
  const headings = new Map<string, number>();
  for (let attempt = 0; ; attempt += 1) {
    const response = await fetch(`${daemon.daemon.url}/api/builds/${buildId}/log/stream`, { headers: { authorization: `Bearer ${daemon.daemon.token()}` } });
    if (response.ok && response.body) {
      let previous: string | undefined;
      let buffered = '';
      for await (const chunk of response.body.pipeThrough(new TextDecoderStream())) {
        const now = Date.now();
        buffered += chunk;
        const messages = buffered.split('\n\n');
        buffered = messages.pop() ?? '';
        for (const message of messages) {
          const line = message.split('\n').filter((field) => field.startsWith('data:')).map((field) => field.slice(field.startsWith('data: ') ? 6 : 5)).join('\n');
          const heading = stageHeading(previous, line);
          if (heading !== undefined && !headings.has(heading)) headings.set(heading, now);
          previous = line;
        }
      }
      return { headings, end: Date.now() };
    }
    if (attempt > 3000) throw new Error(`no live log for build ${buildId}: ${response.status}`);
    await sleep(10);
  }
}

/** One upload of `pkg` `version` through the daemon, split into phases (seconds). */
async function phasesOf(daemon: BuildingDaemon, pkg: string, version: string): Promise<Record<Phase, number> & { total: number }> {
  const changes = await buildSourceUpload(pkg, version);
  await daemon.newEvents();
  const start = Date.now();
  await dput(daemon.dputConfig, [changes], {});
  const events: TimedEntry[] = [];
  let correlationId: string | undefined;
  let log: Promise<{ headings: Map<string, number>; end: number }> | undefined;
  const deadline = Date.now() + 900_000;
  for (;;) {
    events.push(...(await daemon.newEvents()));
    correlationId ??= events.find((e) => e.type === 'UploadReceived' && e.data.source === pkg && e.data.version === version)?.correlationId;
    const own = events.filter((e) => e.correlationId === correlationId);
    const requested = own.find((e) => e.type === 'BuildRequested');
    if (requested !== undefined && log === undefined) log = followLog(daemon, String(requested.data.buildId));
    const end = own.find((e) => ENDS.includes(e.type));
    if (end !== undefined) {
      if (end.type !== 'PackageInstalled') throw new Error(`${pkg} ${version}: ${end.type} ${JSON.stringify(end.data)}`);
      break;
    }
    if (Date.now() > deadline) throw new Error(`${pkg} ${version}: no end within 15 minutes`);
    await sleep(20);
  }
  await settled(daemon.daemon);
  const installed = Date.now();
  const own = events.filter((e) => e.correlationId === correlationId);
  const at = (type: string): number => Date.parse(own.find((e) => e.type === type)!.occurredAt);
  const { headings, end } = await log!;
  const heading = (name: string): number | undefined => headings.get(name);
  const earliest = Math.min(...['Update chroot', 'Fetch source files'].map((name) => heading(name) ?? Infinity));
  const first = Number.isFinite(earliest) ? earliest : undefined;
  const seconds = (from: number | undefined, to: number | undefined): number => (from === undefined || to === undefined ? 0 : Math.max(0, to - from) / 1000);
  return {
    total: (installed - start) / 1000,
    'dput → UploadReceived': seconds(start, at('UploadReceived')),
    'queue wait': seconds(at('BuildRequested'), at('BuildStarted')),
    'session setup': seconds(at('BuildStarted'), first),
    'apt update': seconds(heading('Update chroot'), heading('Fetch source files')),
    'build-deps': seconds(heading('Fetch source files'), heading('Build')),
    build: seconds(heading('Build'), heading('Changes')),
    "sbuild's end": seconds(heading('Changes'), end),
    lintian: seconds(end, at('BuildSucceeded')),
    install: seconds(at('BuildSucceeded'), at('PackageInstalled')),
    publish: seconds(at('PackageInstalled'), installed),
  };
}

/** sbuild alone on the daemon's chroot, with the arguments mbd gives it (no extra repository): seconds. */
async function sbuildAlone(chrootName: string, pkg: string, version: string, archAll: boolean): Promise<number> {
  const changes = await buildSourceUpload(pkg, version);
  const outputDir = mkdtempSync(join(tmpdir(), 'mbd-bench-sbuild-'));
  const job = { buildId: 'bench', dsc: changes.replace(/_source\.changes$/, '.dsc'), distribution: 'bookworm', codename: 'bookworm', architecture: 'amd64', archAll, outputDir };
  const { args, env } = sbuildInvocation(job, { mode: 'schroot', argument: chrootName, indicesFresh: true });
  const start = performance.now();
  await exec('sbuild', [...args], { cwd: outputDir, env: { ...process.env, ...env }, maxBuffer: 256 * 1024 * 1024 });
  return (performance.now() - start) / 1000;
}

export async function run(): Promise<BenchResult[]> {
  const daemon = await startBuildingDaemon({ MBD_BUILD_JOBS: '1' });
  const results: BenchResult[] = [{ name: 'chroot creation (mmdebstrap buildd + debhelper, fakeroot, eatmydata)', value: daemon.chrootSeconds, unit: 's' }];
  try {
    for (const [pkg, archAll] of [['mbd-test-all', true], ['mbd-test-any', false]] as const) {
      const runs: (Record<Phase, number> & { total: number })[] = [];
      const floors: number[] = [];
      for (let index = 1; index <= RUNS; index += 1) {
        floors.push(await sbuildAlone(daemon.chrootName, pkg, `1.0~test12+${index}`, archAll));
        runs.push(await phasesOf(daemon, pkg, `1.0~test12+${index}`));
      }
      const floor = { name: `sbuild alone on the same chroot, median of ${RUNS}`, value: median(floors) };
      results.push({ name: `${pkg}: dput → installed (median of ${RUNS})`, value: median(runs.map((r) => r.total)), unit: 's', floor, goal: { of: 'value', atMost: 6 } });
      for (const phase of PHASES) results.push({ name: `  ${phase}`, value: median(runs.map((r) => r[phase])), unit: 's' });
    }
    return results;
  } finally {
    await daemon.stop();
  }
}
