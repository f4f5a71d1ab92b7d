/** A remote builder (`mbd builder`, compiled dist/) as a child process of an e2e test, with its own data directory and chroots. */
import { ChrootManager, builderChrootPrefix } from '@mbd/builder';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunningDaemon } from './daemon.js';

export interface RunningBuilder {
  readonly name: string;
  readonly dataDir: string;
  readonly process: ChildProcess;
  readonly output: () => string;
  /** Ends the builder and everything it started (sbuild runs in process groups of its own) with `signal` (SIGKILL: as a crash), and waits for it to exit. */
  stop(signal?: NodeJS.Signals): Promise<void>;
  /** Ends the schroot sessions its chroots have left open, removes its chroots (their schroot configurations) and its data directory. */
  remove(): Promise<void>;
}

export interface BuilderOptions {
  readonly name: string;
  readonly token: string;
  readonly mirror: string;
  readonly slots?: number;
  readonly chroots?: readonly string[];
}

/** The process groups of `pid` and of every process it started, as ps lists them now (never the test's own group). */
function processGroupsUnder(pid: number): number[] {
  const rows = execFileSync('ps', ['-eo', 'pid=,ppid=,pgid='], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((line) => line.trim().split(/\s+/).map(Number) as [number, number, number]);
  const tree = new Set([pid]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [child, parent] of rows) {
      if (!tree.has(child) && tree.has(parent)) {
        tree.add(child);
        grew = true;
      }
    }
  }
  const own = rows.find(([row]) => row === process.pid)?.[2];
  return [...new Set(rows.filter(([row]) => tree.has(row)).map(([, , group]) => group))].filter((group) => group !== own && group > 1);
}

/** Starts `mbd builder` against `daemon` (in a process group of its own); it makes its chroots (`<codename>:<arch>`, default bookworm:amd64) in its data directory first. */
export function startBuilder(daemon: RunningDaemon, options: BuilderOptions): RunningBuilder {
  const dataDir = mkdtempSync(join(tmpdir(), `mbd-builder-${options.name}-`));
  const chroots = (options.chroots ?? ['bookworm:amd64']).flatMap((chroot) => ['--chroot', chroot]);
  const args = ['builder', '--daemon', daemon.url, '--name', options.name, '--data-dir', dataDir, '--slots', String(options.slots ?? 1), '--mirror', options.mirror, ...chroots];
  const child = spawn(process.execPath, [join(process.cwd(), 'dist/apps/cli/src/main.js'), ...args], {
    env: { ...process.env, MBD_TOKEN: options.token },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const chrootManager = () => new ChrootManager({ dir: join(dataDir, 'chroots'), namePrefix: builderChrootPrefix(options.name, dataDir) });
  return {
    name: options.name,
    dataDir,
    process: child,
    output: () => output,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode !== null || child.signalCode !== null) return;
      for (const group of processGroupsUnder(child.pid!)) {
        try {
          process.kill(-group, signal);
        } catch {
          // that group has exited meanwhile
        }
      }
      await exited;
    },
    async remove() {
      if (process.env['MBD_E2E_KEEP'] === '1') {
        console.log(`kept the builder's data directory ${dataDir} (MBD_E2E_KEEP=1)`);
        return;
      }
      const manager = chrootManager();
      const ended = await manager.endStaleSessions().catch((error: unknown) => [`(could not end its schroot sessions: ${String(error)})`]);
      if (ended.length > 0) console.log(`builder ${options.name}: ended ${ended.join(', ')}`);
      for (const chroot of await manager.list()) {
        await manager.remove(chroot.codename, chroot.architecture).catch((error: unknown) => console.warn(`builder ${options.name}: could not remove its chroot ${chroot.name}: ${String(error)}`));
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
