/**
 * dput → installed for the trivial arch:all test package through the real daemon (FTP incoming,
 * packager, sbuild in a clean schroot overlay chroot, reprepro, signing), split into sbuild's own time
 * and mbd's overhead, plus the daemon's peak RSS. The chroot is made first (mmdebstrap) and reported too.
 */
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { removeDataDir, settled, startDaemon } from '../test/support/daemon.js';
import { buildSourceUpload } from '../test/support/packages.js';
import type { BenchResult } from './bench-result.js';

const exec = promisify(execFile);

interface Entry {
  type: string;
  occurredAt: string;
  data: Record<string, unknown>;
}

export async function run(): Promise<BenchResult[]> {
  const daemon = await startDaemon({ env: { MBD_BUILD_JOBS: '1' } });
  try {
    const chrootStart = performance.now();
    const chroot = await daemon.cli('chroot', 'create', 'bookworm', 'amd64');
    if (chroot.code !== 0) throw new Error(`chroot create failed: ${chroot.stderr}`);
    const chrootSeconds = (performance.now() - chrootStart) / 1000;
    const dputCf = join(daemon.dataDir, 'dput.cf');
    writeFileSync(dputCf, `[DEFAULT]\nrun_lintian = 0\ncheck_version = 0\n\n${await (await fetch(`${daemon.url}/repositories/test/dput.cf`)).text()}`);
    const totals: number[] = [];
    const sbuilds: number[] = [];
    const steps = { received: [] as number[], toBuild: [] as number[], toInstall: [] as number[], toPublished: [] as number[] };
    for (const [index, version] of ['1.0~test12+1', '1.0~test12+2', '1.0~test12+3'].entries()) {
      const changes = await buildSourceUpload('mbd-test-all', version);
      const start = Date.now();
      await exec('dput', ['-c', dputCf, '-u', 'mbd-127.0.0.1', changes]);
      let log: Entry[] = [];
      for (;;) {
        const items = (await daemon.api<{ items: (Entry & { correlationId: string })[] }>('GET', '/api/events?limit=1000', undefined, false)).body.items;
        const received = items.find((e) => e.type === 'UploadReceived' && e.data.version === version);
        log = received ? items.filter((e) => e.correlationId === received.data.uploadId) : [];
        if (log.some((e) => ['PackageInstalled', 'UploadRejected', 'UploadFailed'].includes(e.type))) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      await settled(daemon);
      const installedAt = Date.now();
      if (!log.some((e) => e.type === 'PackageInstalled')) throw new Error(`upload ${index} was not installed: ${JSON.stringify(log.map((e) => e.type))}`);
      const started = log.find((e) => e.type === 'BuildStarted')!;
      const built = log.find((e) => e.type === 'BuildSucceeded')!;
      totals.push((installedAt - start) / 1000);
      sbuilds.push((Date.parse(built.occurredAt) - Date.parse(started.occurredAt)) / 1000);
      const at = (type: string) => Date.parse(log.find((e) => e.type === type)!.occurredAt);
      steps.received.push((at('UploadReceived') - start) / 1000);
      steps.toBuild.push((at('BuildStarted') - at('UploadReceived')) / 1000);
      steps.toInstall.push((at('PackageInstalled') - at('BuildSucceeded')) / 1000);
      steps.toPublished.push((installedAt - at('PackageInstalled')) / 1000);
    }
    const status = readFileSync(`/proc/${daemon.process.pid}/status`, 'utf8');
    const peakKiB = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
    const overheads = totals.map((total, i) => total - sbuilds[i]!);
    return [
      { name: 'chroot creation (mmdebstrap buildd + debhelper, unpack)', value: chrootSeconds, unit: 's' },
      { name: 'dput → installed, arch:all (median of 3)', value: median(totals), unit: 's', note: 'mini-buildd: 179 s' },
      { name: '  of which sbuild (BuildStarted → BuildSucceeded)', value: median(sbuilds), unit: 's' },
      { name: "  of which mbd's own time outside sbuild (goal ≤ 1 s)", value: median(overheads), unit: 's' },
      { name: '    dput → UploadReceived (dput, FTP, intake)', value: median(steps.received), unit: 's' },
      { name: '    UploadReceived → BuildStarted (packager, queue)', value: median(steps.toBuild), unit: 's' },
      { name: '    BuildSucceeded → PackageInstalled', value: median(steps.toInstall), unit: 's' },
      { name: '    PackageInstalled → published and settled', value: median(steps.toPublished), unit: 's' },
      { name: 'daemon peak RSS', value: peakKiB / 1024, unit: 'MiB' },
    ];
  } finally {
    await daemon.cli('chroot', 'remove', 'bookworm', 'amd64');
    await daemon.stop();
    removeDataDir(daemon);
  }
}

