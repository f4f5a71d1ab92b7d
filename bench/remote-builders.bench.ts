/**
 * 20 trivial uploads (arch:all sources derived from mbd-test-all, one dput for all) built and installed
 * first by a daemon with one local build slot, then by a daemon with no slot of its own and two remote
 * builders (`mbd builder`, 2 + 1 slots, their own chroots). Prints both times, and the hand-over a
 * remote build costs on its builder: claim → sbuild start (sources fetched, job set up) and sbuild end
 * → results stored (files sent, manifest signed and checked, the result recorded).
 */
import { ChrootManager, systemMirror } from '@mbd/builder';
import { join } from 'node:path';
import { removeDataDir, settled, startDaemon, type RunningDaemon } from '../test/support/daemon.js';
import { startBuilder, type RunningBuilder } from '../test/support/remote-builder.js';
import { buildSource, deriveSource } from '../test/support/sources.js';
import { dput, dputConfig } from '../test/support/uploads.js';
import type { BenchResult } from './bench-result.js';

const UPLOADS = 20;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const median = (values: readonly number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;

interface Entry {
  type: string;
  data: Record<string, unknown>;
}

/** The 20 source uploads, each its own source package (so that their installs never race each other's versions). */
async function sources(): Promise<string[]> {
  const changes: string[] = [];
  for (let index = 1; index <= UPLOADS; index += 1) changes.push(await buildSource(deriveSource('mbd-test-all', `mbd-bench-${index}`)));
  return changes;
}

/** Uploads all `changes` with one dput and waits until each has ended (installed, rejected or failed); seconds from dput to the last end. */
async function buildAll(daemon: RunningDaemon, changes: readonly string[]): Promise<{ seconds: number; installed: number }> {
  const start = performance.now();
  await dput(await dputConfig(daemon), changes, {});
  const deadline = Date.now() + 3_600_000;
  for (;;) {
    const items: Entry[] = [];
    for (const type of ['PackageInstalled', 'UploadRejected', 'UploadFailed']) items.push(...(await daemon.api<{ items: Entry[] }>('GET', `/api/events?limit=1000&type=${type}`, undefined, false)).body.items);
    const ended = items.filter((entry) => String(entry.data.source ?? '').startsWith('mbd-bench-'));
    if (ended.length >= changes.length) {
      await settled(daemon);
      return { seconds: (performance.now() - start) / 1000, installed: ended.filter((entry) => entry.type === 'PackageInstalled').length };
    }
    if (Date.now() > deadline) throw new Error(`only ${ended.length} of ${changes.length} uploads ended within an hour`);
    await sleep(500);
  }
}

/** The hand-over figures the builders printed (`{"handOver":{…}}` after each build). */
const handOvers = (builders: readonly RunningBuilder[]) =>
  builders.flatMap((builder) =>
    [...builder.output().matchAll(/\{"handOver":(\{[^}]*\})\}/g)].map((match) => JSON.parse(match[1]!) as { claimToStartSeconds: number; endToStoredSeconds: number }),
  );

export async function run(): Promise<BenchResult[]> {
  const changes = await sources();
  // One daemon building locally with one slot.
  const local = await startDaemon({ env: { MBD_BUILD_JOBS: '1' } });
  let localRun: { seconds: number; installed: number };
  try {
    const chroot = await local.cli('chroot', 'create', 'bookworm', 'amd64');
    if (chroot.code !== 0) throw new Error(`chroot create failed: ${chroot.stderr}`);
    localRun = await buildAll(local, changes);
  } finally {
    await local.cli('chroot', 'remove', 'bookworm', 'amd64');
    await local.stop();
    removeDataDir(local);
  }

  // A daemon with no slot of its own and two remote builders: 3 slots in all.
  const remote = await startDaemon({ env: { MBD_BUILD_JOBS: '0' } });
  const mirror = await systemMirror();
  const builders = [startBuilder(remote, { name: 'bench1', token: remote.token(), mirror, slots: 2 }), startBuilder(remote, { name: 'bench2', token: remote.token(), mirror, slots: 1 })];
  try {
    for (const builder of builders) {
      const deadline = Date.now() + 1_200_000;
      for (;;) {
        const row = (await remote.api<{ name: string; state: string; fingerprint: string }[]>('GET', '/api/builders', undefined, false)).body.find((entry) => entry.name === builder.name);
        if (row?.state === 'online') {
          const approved = await remote.cli('builder-approve', builder.name, row.fingerprint);
          if (approved.code !== 0) throw new Error(`builder-approve ${builder.name}: ${approved.stderr}`);
          break;
        }
        if (Date.now() > deadline) throw new Error(`builder ${builder.name} did not come online:\n${builder.output()}`);
        await sleep(1000);
      }
    }
    const remoteRun = await buildAll(remote, changes);
    const figures = handOvers(builders);
    return [
      { name: `${UPLOADS} uploads, daemon with 1 local slot: dput → all ended`, value: localRun.seconds, unit: 's', note: `${localRun.installed} installed` },
      { name: `${UPLOADS} uploads, 0 local slots + 2 remote builders (3 slots)`, value: remoteRun.seconds, unit: 's', note: `${remoteRun.installed} installed` },
      { name: '  hand-over: claim → sbuild start (median per build)', value: median(figures.map((figure) => figure.claimToStartSeconds)), unit: 's', note: `${figures.length} builds` },
      { name: '  hand-over: sbuild end → results stored (median per build)', value: median(figures.map((figure) => figure.endToStoredSeconds)), unit: 's' },
      { name: '  hand-over: both, worst build', value: Math.max(...figures.map((figure) => figure.claimToStartSeconds + figure.endToStoredSeconds)), unit: 's' },
    ];
  } finally {
    for (const builder of builders) {
      await builder.stop('SIGTERM');
      await new ChrootManager({ dir: join(builder.dataDir, 'chroots'), namePrefix: `mbd-builder-${builder.name}` }).remove('bookworm', 'amd64').catch(() => undefined);
      builder.remove();
    }
    await remote.stop();
    removeDataDir(remote);
  }
}
