/** A remote builder (`mbd builder`, compiled dist/) as a child process of an e2e test, with its own data directory and chroots. */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunningDaemon } from './daemon.js';

export interface RunningBuilder {
  readonly name: string;
  readonly dataDir: string;
  readonly process: ChildProcess;
  readonly output: () => string;
  /** Ends the process with `signal` (SIGKILL: as a crash) and waits for it to exit. */
  stop(signal?: NodeJS.Signals): Promise<void>;
  remove(): void;
}

export interface BuilderOptions {
  readonly name: string;
  readonly token: string;
  readonly mirror: string;
  readonly slots?: number;
  readonly chroots?: readonly string[];
}

/** Starts `mbd builder` against `daemon`; it makes its chroots (`<codename>:<arch>`, default bookworm:amd64) in its data directory first. */
export function startBuilder(daemon: RunningDaemon, options: BuilderOptions): RunningBuilder {
  const dataDir = mkdtempSync(join(tmpdir(), `mbd-builder-${options.name}-`));
  const chroots = (options.chroots ?? ['bookworm:amd64']).flatMap((chroot) => ['--chroot', chroot]);
  const args = ['builder', '--daemon', daemon.url, '--name', options.name, '--data-dir', dataDir, '--slots', String(options.slots ?? 1), '--mirror', options.mirror, ...chroots];
  const child = spawn(process.execPath, [join(process.cwd(), 'dist/apps/cli/src/main.js'), ...args], {
    env: { ...process.env, MBD_TOKEN: options.token },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    name: options.name,
    dataDir,
    process: child,
    output: () => output,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill(signal);
      await exited;
    },
    remove() {
      if (process.env['MBD_E2E_KEEP'] === '1') console.log(`kept the builder's data directory ${dataDir} (MBD_E2E_KEEP=1)`);
      else rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
