/**
 * 20 uploads sent at once (one dput) to the real daemon building with its configured slots (MBD_BUILD_JOBS
 * as the environment gives it, the default otherwise): uploads installed per minute, the seconds from
 * dput to the last one installed and settled, and the daemon's peak RSS (VmHWM) over the whole run.
 */
import { settled } from '../test/support/daemon.js';
import { buildSource, deriveSource } from '../test/support/sources.js';
import { dput } from '../test/support/uploads.js';
import type { BenchResult } from './bench-result.js';
import { ENDS, startBuildingDaemon } from './building-daemon.js';
import { residentMB } from './proc-status.js';

const UPLOADS = 20;
/** mini-buildd 2.2.8's peak RSS during builds, measured in the same hour as issue 15's figures. */
const MINI_BUILDD_PEAK_RSS_MB = 103;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function run(): Promise<BenchResult[]> {
  const changes: string[] = [];
  for (let index = 1; index <= UPLOADS; index += 1) changes.push(await buildSource(deriveSource('mbd-test-all', `mbd-throughput-${index}`)));
  const daemon = await startBuildingDaemon(process.env.MBD_BUILD_JOBS === undefined ? {} : { MBD_BUILD_JOBS: process.env.MBD_BUILD_JOBS });
  try {
    await daemon.newEvents();
    const start = performance.now();
    await dput(daemon.dputConfig, changes, {});
    const ended: string[] = [];
    const failed: string[] = [];
    const deadline = Date.now() + 3_600_000;
    while (ended.length < UPLOADS) {
      for (const event of await daemon.newEvents()) {
        if (!ENDS.includes(event.type) || !String(event.data.source ?? '').startsWith('mbd-throughput-')) continue;
        ended.push(String(event.data.source));
        if (event.type !== 'PackageInstalled') failed.push(`${String(event.data.source)}: ${event.type}`);
      }
      if (Date.now() > deadline) throw new Error(`only ${ended.length} of ${UPLOADS} uploads ended within an hour`);
      await sleep(200);
    }
    await settled(daemon.daemon);
    const seconds = (performance.now() - start) / 1000;
    if (failed.length > 0) throw new Error(`not installed: ${failed.join(', ')}`);
    const jobs = process.env.MBD_BUILD_JOBS ?? 'default';
    return [
      { name: `20 uploads at once, MBD_BUILD_JOBS=${jobs}: dput → all installed`, value: seconds, unit: 's' },
      { name: '  uploads installed per minute', value: (UPLOADS * 60) / seconds, unit: '/min' },
      {
        name: 'daemon peak RSS during 20 uploads (VmHWM)',
        value: residentMB(daemon.daemon.process.pid!, 'VmHWM'),
        unit: 'MB',
        floor: { name: "mini-buildd's peak during builds (constant)", value: MINI_BUILDD_PEAK_RSS_MB },
        goal: { of: 'value', atMost: 120 },
      },
    ];
  } finally {
    await daemon.stop();
  }
}
