/**
 * Starts the real daemon (compiled dist/) as a child process on 127.0.0.1 with free ports and a
 * temp data dir, for end-to-end tests; runs the real `mbd` CLI against it.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './free-port.js';

export { freePort };

/** The checkout: tests and benchmarks run from its top directory. */
const root = process.cwd();

export interface RunningDaemon {
  readonly url: string;
  readonly dataDir: string;
  readonly httpPort: number;
  readonly ftpPort: number;
  readonly env: Record<string, string>;
  readonly process: ChildProcess;
  readonly output: () => string;
  token(): string;
  /** Runs `mbd <args>` against this daemon; resolves with exit code and output. */
  cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }>;
  api<T = unknown>(method: string, path: string, body?: unknown, auth?: boolean): Promise<{ status: number; body: T }>;
  stop(signal?: NodeJS.Signals): Promise<void>;
  restart(): Promise<RunningDaemon>;
}

export interface StartOptions {
  readonly dataDir?: string;
  readonly env?: Record<string, string>;
  readonly httpPort?: number;
  readonly ftpPort?: number;
}

export async function startDaemon(options: StartOptions = {}): Promise<RunningDaemon> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'mbd-e2e-'));
  const httpPort = options.httpPort ?? (await freePort());
  const ftpPort = options.ftpPort ?? (await freePort());
  const pasv = 40000 + Math.floor(Math.random() * 20000);
  const env: Record<string, string> = {
    MBD_DATA_DIR: dataDir,
    MBD_HTTP_PORT: String(httpPort),
    MBD_FTP_PORT: String(ftpPort),
    MBD_FTP_PASV_MIN: String(pasv),
    MBD_FTP_PASV_MAX: String(pasv + 20),
    MBD_BIND: '127.0.0.1',
    ...options.env,
  };
  let output = '';
  const child = spawn(process.execPath, [join(root, 'dist/apps/daemon/src/main.js')], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = `http://127.0.0.1:${httpPort}`;
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const deadline = Date.now() + 60_000;
  for (;;) {
    const up = await fetch(`${url}/api/status`).then((r) => r.ok).catch(() => false);
    if (up) break;
    // Polled every 20 ms: start-up times (bench/daemon.bench.ts) are not rounded up to the poll.
    const code = await Promise.race([exited, new Promise((resolve) => setTimeout(() => resolve('waiting'), 20))]);
    if (code !== 'waiting') throw new Error(`daemon exited with ${String(code)} during start-up:\n${output}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`daemon did not answer within 60 s:\n${output}`);
    }
  }
  const daemon: RunningDaemon = {
    url,
    dataDir,
    httpPort,
    ftpPort,
    env,
    process: child,
    output: () => output,
    token: () => readFileSync(join(dataDir, 'admin-token'), 'utf8').trim(),
    async cli(...args) {
      try {
        const { stdout, stderr } = await promisify(execFile)(process.execPath, [join(root, 'apps/cli/bin/mbd.js'), ...args], {
          env: { ...process.env, MBD_URL: url, MBD_TOKEN: daemon.token() },
          maxBuffer: 64 * 1024 * 1024,
        });
        return { code: 0, stdout, stderr };
      } catch (error) {
        const failed = error as { code?: number; stdout?: string; stderr?: string };
        return { code: typeof failed.code === 'number' ? failed.code : 1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
      }
    },
    async api(method, path, body, auth = true) {
      const response = await fetch(`${url}${path}`, {
        method,
        headers: {
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...(auth ? { authorization: `Bearer ${daemon.token()}` } : {}),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      let parsed: unknown = text;
      try {
        parsed = JSON.parse(text);
      } catch {
        /* not JSON */
      }
      return { status: response.status, body: parsed as never };
    },
    async stop(signal = 'SIGTERM') {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill(signal);
      await exited;
    },
    async restart() {
      await daemon.stop();
      return startDaemon({ dataDir, httpPort, ftpPort, env: options.env });
    },
  };
  return daemon;
}

/** Removes the daemon's data directory, unless MBD_E2E_KEEP=1 keeps it to look into after a failure. */
export const removeDataDir = (daemon: RunningDaemon): void => {
  if (process.env['MBD_E2E_KEEP'] === '1') console.log(`kept the data directory ${daemon.dataDir} (MBD_E2E_KEEP=1)`);
  else rmSync(daemon.dataDir, { recursive: true, force: true });
};

interface StatusBody {
  eventStore: { head: number };
  archive: { position: number; state: string; lastError?: string };
  projections: { name: string; position: number }[];
  followers: { name: string; position: number; lag: number; state: string; lastError?: string; parked: { position: number; reason: string }[] }[];
}

/** Waits until every follower of the log (archive reactor, packager, install…) and every projection has handled the whole log. */
export async function settled(daemon: RunningDaemon, timeoutMs = 60_000): Promise<StatusBody> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { body } = await daemon.api<StatusBody>('GET', '/api/status', undefined, false);
    const head = body.eventStore.head;
    if (body.followers.every((f) => f.state === 'stopped' || f.position >= head) && body.projections.every((p) => p.position >= head)) return body;
    if (Date.now() > deadline) throw new Error(`daemon did not settle: ${JSON.stringify(body)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
