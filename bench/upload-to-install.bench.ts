/**
 * dput → installed for the trivial arch:all test package through the real daemon (FTP incoming,
 * packager, sbuild in a clean schroot overlay chroot, reprepro, signing), split into sbuild's own time
 * and mbd's own time outside it (with its steps), plus the daemon's peak RSS. The chroot is made first
 * (mmdebstrap) and reported too. mini-buildd's figures (issue 15: 2.2.8 on this machine, the same hour)
 * are constants, named as such. The dput client's own run without the upload (`dput -s`, same files)
 * is measured beside: part of "dput → UploadReceived" is dput's Python start-up, not mbd's.
 */
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { removeDataDir, settled, startDaemon } from '../test/support/daemon.js';
import { buildSourceUpload } from '../test/support/packages.js';
import { median, type BenchResult } from './bench-result.js';
import { residentMB } from './proc-status.js';

const exec = promisify(execFile);

/** mini-buildd 2.2.8, dput → installed of the same package on this machine (issue 15). */
const MINI_BUILDD_TOTAL_S = 149;
/** mini-buildd 2.2.8, its own time outside sbuild for the same upload (issue 15). */
const MINI_BUILDD_OWN_S = 1.24;
/** How often the log is looked at while an upload goes through: the figures are this coarse. */
const POLL_MS = 20;

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
    const steps = { received: [] as number[], dputAlone: [] as number[], toBuild: [] as number[], sourceLint: [] as number[], toInstall: [] as number[], toPublished: [] as number[] };
    for (const [index, version] of ['1.0~test12+1', '1.0~test12+2', '1.0~test12+3'].entries()) {
      const changes = await buildSourceUpload('mbd-test-all', version);
      const simulated = Date.now();
      await exec('dput', ['-s', '-c', dputCf, '-u', 'mbd-127.0.0.1', changes]);
      steps.dputAlone.push((Date.now() - simulated) / 1000);
      // Only what comes after: each look at the log stays small, and does not load the daemon being measured.
      const after = (await daemon.api<{ eventStore: { head: number } }>('GET', '/api/status', undefined, false)).body.eventStore.head;
      const start = Date.now();
      await exec('dput', ['-c', dputCf, '-u', 'mbd-127.0.0.1', changes]);
      let log: Entry[] = [];
      for (;;) {
        const items = (await daemon.api<{ items: (Entry & { correlationId: string })[] }>('GET', `/api/events?after=${after}&limit=1000`, undefined, false)).body.items;
        const received = items.find((e) => e.type === 'UploadReceived' && e.data.version === version);
        log = received ? items.filter((e) => e.correlationId === received.data.uploadId) : [];
        if (log.some((e) => ['PackageInstalled', 'UploadRejected', 'UploadFailed'].includes(e.type))) break;
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
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
      if (log.some((e) => e.type === 'SourceLinted')) steps.sourceLint.push((at('SourceLinted') - at('UploadAccepted')) / 1000);
      steps.toInstall.push((at('PackageInstalled') - at('BuildSucceeded')) / 1000);
      steps.toPublished.push((installedAt - at('PackageInstalled')) / 1000);
    }
    const peak = residentMB(daemon.process.pid!, 'VmHWM');
    const overheads = totals.map((total, i) => total - sbuilds[i]!);
    return [
      { name: 'chroot creation (mmdebstrap buildd + debhelper, unpack)', value: chrootSeconds, unit: 's' },
      {
        name: 'dput → installed, arch:all (median of 3)',
        value: median(totals),
        unit: 's',
        floor: { name: 'mini-buildd 2.2.8, constant from issue 15', value: MINI_BUILDD_TOTAL_S },
        goal: { of: 'value', atMost: 6 },
      },
      { name: '  of which sbuild (BuildStarted → BuildSucceeded)', value: median(sbuilds), unit: 's', note: 'with lintian on the binaries' },
      {
        name: "  of which mbd's own time outside sbuild",
        value: median(overheads),
        unit: 's',
        floor: { name: "mini-buildd's own, constant from issue 15", value: MINI_BUILDD_OWN_S },
        goal: { of: 'value', atMost: 0.5 },
      },
      { name: '    dput → UploadReceived (dput, FTP, intake)', value: median(steps.received), unit: 's' },
      { name: "      the dput client alone (dput -s, same upload)", value: median(steps.dputAlone), unit: 's' },
      { name: '    UploadReceived → BuildStarted (packager, queue)', value: median(steps.toBuild), unit: 's' },
      ...(steps.sourceLint.length > 0
        ? [{ name: '    UploadAccepted → SourceLinted (beside the build)', value: median(steps.sourceLint), unit: 's' }]
        : []),
      { name: '    BuildSucceeded → PackageInstalled', value: median(steps.toInstall), unit: 's' },
      { name: '    PackageInstalled → published and settled', value: median(steps.toPublished), unit: 's' },
      { name: 'daemon peak RSS (VmHWM)', value: peak, unit: 'MB' },
    ];
  } finally {
    await daemon.cli('chroot', 'remove', 'bookworm', 'amd64');
    await daemon.stop();
    removeDataDir(daemon);
  }
}

