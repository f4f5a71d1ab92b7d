/**
 * The daemon's start-up and memory, as users meet them: the compiled daemon (dist/) started as a child
 * process with the default configuration, timed from spawn to the first HTTP 200 of GET /api/status,
 * for a first start (an empty data directory) and for a restart (the data directory of a daemon that
 * ran and settled), median of 5 each, with the daemon's CPU time until then (steadier than the wall
 * time on a loaded machine); and its resident memory (VmRSS) 30 s after a start, idle.
 * mini-buildd's figures are constants from issue 15 (mini-buildd 2.2.8 on the same machine, same hour).
 */
import { readFileSync } from 'node:fs';
import { median, type BenchResult } from './bench-result.js';
import { residentMB } from './proc-status.js';
import { freePort, removeDataDir, settled, startDaemon, type RunningDaemon } from '../test/support/daemon.js';

const RUNS = 5;
const IDLE_SECONDS = 30;
const MINI_BUILDD = 'mini-buildd 2.2.8, issue 15';
const MINI_BUILDD_RESTART_S = 1.02;
const MINI_BUILDD_IDLE_RSS_MB = 96;


/** CPU seconds (user + system) a process has used so far, from /proc/<pid>/stat. */
const cpuSeconds = (pid: number): number => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
};

/** Two free ports, never the same one twice (HTTP and FTP). */
async function freePorts(): Promise<{ httpPort: number; ftpPort: number }> {
  const httpPort = await freePort();
  let ftpPort = await freePort();
  while (ftpPort === httpPort) ftpPort = await freePort();
  return { httpPort, ftpPort };
}

/** Seconds from spawn to the first HTTP 200 of GET /api/status, and the daemon's CPU seconds until then. */
async function timedStart(options: Parameters<typeof startDaemon>[0]): Promise<{ daemon: RunningDaemon; seconds: number; cpu: number }> {
  const start = performance.now();
  const daemon = await startDaemon(options);
  const seconds = (performance.now() - start) / 1000;
  return { daemon, seconds, cpu: cpuSeconds(daemon.process.pid!) };
}

export async function run(): Promise<BenchResult[]> {
  const firstStarts: number[] = [];
  const restarts: number[] = [];
  const restartCpu: number[] = [];
  let daemon: RunningDaemon | undefined;
  try {
    for (let run = 0; run < RUNS; run += 1) {
      const first = await timedStart(await freePorts());
      firstStarts.push(first.seconds);
      await settled(first.daemon);
      await first.daemon.stop();
      removeDataDir(first.daemon);
    }
    ({ daemon } = await timedStart(await freePorts()));
    await settled(daemon);
    for (let run = 0; run < RUNS; run += 1) {
      const { dataDir, httpPort, ftpPort } = daemon;
      await daemon.stop();
      const again = await timedStart({ dataDir, httpPort, ftpPort });
      daemon = again.daemon;
      restarts.push(again.seconds);
      restartCpu.push(again.cpu);
    }
    await settled(daemon);
    await new Promise((resolve) => setTimeout(resolve, IDLE_SECONDS * 1000));
    const idleRss = residentMB(daemon.process.pid!, 'VmRSS');
    const idlePeak = residentMB(daemon.process.pid!, 'VmHWM');
    return [
      { name: 'daemon first start to first HTTP 200', value: median(firstStarts), unit: 's', note: `empty data directory, median of ${RUNS}` },
      {
        name: 'daemon restart to first HTTP 200',
        value: median(restarts),
        unit: 's',
        note: `existing data directory, median of ${RUNS}; the daemon's CPU time until then ${median(restartCpu).toFixed(2)} s`,
        floor: { name: MINI_BUILDD, value: MINI_BUILDD_RESTART_S },
        goal: { of: 'value', atMost: 0.5 },
      },
      {
        name: `daemon RSS idle ${IDLE_SECONDS} s after start`,
        value: idleRss,
        unit: 'MB',
        note: `VmRSS; VmHWM since start ${idlePeak.toFixed(0)} MB`,
        floor: { name: MINI_BUILDD, value: MINI_BUILDD_IDLE_RSS_MB },
        goal: { of: 'value', atMost: 80 },
      },
    ];
  } finally {
    if (daemon) {
      await daemon.stop();
      removeDataDir(daemon);
    }
  }
}
