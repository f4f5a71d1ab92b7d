import { execa } from 'execa';
import { ToolFailedError, ToolTimedOutError } from './errors.js';
import { killProcessGroup } from './process-group.js';

export interface RunToolOptions {
  readonly env?: Readonly<Record<string, string>>;
  /** The tool's working directory (default: the daemon's). */
  readonly cwd?: string;
  /** Stops the tool (SIGTERM) when aborted; the call then fails with ToolFailedError. */
  readonly signal?: AbortSignal;
  /**
   * Stops the tool and everything it started after this long: it runs in its own process group, which
   * gets SIGTERM, then SIGKILL `killGraceMs` later; the call fails with ToolTimedOutError.
   */
  readonly timeoutMs?: number;
  /** Default 5 s. */
  readonly killGraceMs?: number;
  /** Runs the tool under `nice -n <niceness>` (a lower CPU priority than the daemon's). */
  readonly niceness?: number;
  /** Exit codes besides 0 that are answers, not failures (debdiff's 1: the sources differ). */
  readonly acceptExitCodes?: readonly number[];
  /**
   * Keeps at most this many bytes of each output stream (execa's default is 100 MB); a tool that writes
   * more is stopped and its output so far is the answer, marked `truncated`.
   */
  readonly maxOutputBytes?: number;
}

export interface ToolOutput {
  readonly stdout: string;
  readonly exitCode: number;
  /** The tool wrote more than `maxOutputBytes` and was stopped: `stdout` is its beginning. */
  readonly truncated?: boolean;
}

/** Runs a Debian tool with execa, stdin closed, and checks that it exited 0; throws ToolFailedError with its output. */
export async function runTool(program: string, args: readonly string[], options: RunToolOptions = {}): Promise<ToolOutput> {
  const command = `${program} ${args.join(' ')}`;
  const [file, argv] = options.niceness === undefined ? [program, args] : ['nice', ['-n', String(options.niceness), program, ...args]];
  const bounded = options.timeoutMs !== undefined;
  const subprocess = execa(file, argv, {
    env: options.env,
    cwd: options.cwd,
    cancelSignal: options.signal,
    stdin: 'ignore',
    reject: false,
    all: true,
    detached: bounded,
    ...(options.maxOutputBytes === undefined ? {} : { maxBuffer: options.maxOutputBytes }),
  });
  let timedOut = false;
  let killTimer: NodeJS.Timeout | undefined;
  const killGroup = (name: NodeJS.Signals): void => killProcessGroup(subprocess.pid, name);
  const timer = bounded
    ? setTimeout(() => {
        timedOut = true;
        killGroup('SIGTERM');
        killTimer = setTimeout(() => killGroup('SIGKILL'), options.killGraceMs ?? 5000);
      }, options.timeoutMs)
    : undefined;
  const result = await subprocess;
  clearTimeout(timer);
  clearTimeout(killTimer);
  if (bounded) killGroup('SIGKILL'); // whatever it left behind
  if (timedOut) throw new ToolTimedOutError(command, Math.round((options.timeoutMs ?? 0) / 100) / 10);
  if (result.isMaxBuffer && options.maxOutputBytes !== undefined) return { stdout: result.stdout, exitCode: result.exitCode ?? 0, truncated: true };
  const accepted = result.exitCode !== undefined && (options.acceptExitCodes ?? []).includes(result.exitCode);
  if (result.failed && !accepted) {
    const detail = result.all || (result.cause instanceof Error ? result.cause.message : '');
    throw new ToolFailedError(command, result.exitCode, String(detail));
  }
  return { stdout: result.stdout, exitCode: result.exitCode ?? 0 };
}
