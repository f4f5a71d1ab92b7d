import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runTool } from '../run-tool.js';
import { type QaCheckRequest, type QaResult, type QaToolSettings, extraRepositoriesKey } from './qa-check.js';
import { type LoggedToolExit, runLoggedTool } from './run-logged-tool.js';

/**
 * What piuparts and autopkgtest share: their bounds (MBD_QA_TIMEOUT_S, the log bound, niceness, the grace
 * after SIGTERM) and one way to run them on a check request (runLoggedTool: its own process group, the
 * log streamed into `request.logFile`, LC_ALL=C.UTF-8).
 */
export abstract class QaCheckTool {
  readonly timeoutSeconds: number;
  private readonly logMaxBytes: number;
  private readonly niceness: number;
  private readonly killGraceMs: number;
  protected readonly program: string;

  protected constructor(settings: QaToolSettings, program: string) {
    this.timeoutSeconds = settings.timeoutSeconds ?? 1800;
    this.logMaxBytes = settings.logMaxBytes ?? 16 * 1024 * 1024;
    this.niceness = settings.niceness ?? 10;
    this.killGraceMs = settings.killGraceMs ?? 10_000;
    this.program = settings.program ?? program;
  }

  /** Checks one build's packages. */
  abstract check(request: QaCheckRequest): Promise<QaResult>;

  /**
   * Runs `use` with the archive key of the request's extra repositories as a binary keyring
   * (`<dir>/archive-key.gpg`, `gpg --dearmor`, as sbuild does for --extra-repository-key: apt reads binary
   * keys reliably) in a directory of its own, removed afterwards; without extra repositories, with undefined.
   */
  protected async withArchiveKey<T>(request: QaCheckRequest, use: (key: { readonly file: string; readonly dir: string } | undefined) => Promise<T>): Promise<T> {
    const armored = extraRepositoriesKey(request.extraRepositories);
    if (armored === undefined) return use(undefined);
    const dir = await mkdtemp(join(tmpdir(), 'mbd-qa-key-'));
    try {
      const file = join(dir, 'archive-key.gpg');
      await runTool('gpg', ['--batch', '--yes', '--no-default-keyring', '--homedir', dir, '--output', file, '--dearmor', armored], { timeoutMs: 60_000 });
      // apt verifies signatures as its sandbox user (_apt): the key must be readable by anyone.
      await chmod(dir, 0o755);
      await chmod(file, 0o644);
      return await use({ file, dir });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  protected run(request: QaCheckRequest, args: readonly string[], onLine?: (line: string) => void): Promise<LoggedToolExit> {
    return runLoggedTool({
      program: this.program,
      args,
      env: { LC_ALL: 'C.UTF-8' },
      logFile: request.logFile,
      logMaxBytes: this.logMaxBytes,
      timeoutMs: this.timeoutSeconds * 1000,
      killGraceMs: this.killGraceMs,
      niceness: this.niceness,
      signal: request.signal,
      ...(onLine ? { onLine } : {}),
    });
  }
}
