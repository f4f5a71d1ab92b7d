import { execa } from 'execa';
import { BoundedLogFile } from '../log/bounded-log-file.js';
import { boundedLines } from '../log/bounded-lines.js';
import { LogTail } from '../log/log-tail.js';
import { killProcessGroup } from '../process-group.js';

export interface LoggedToolRun {
  readonly program: string;
  readonly args: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
  /** Where the tool's stdout and stderr go, as they come (BoundedLogFile: its beginning and its end within `logMaxBytes`). */
  readonly logFile: string;
  readonly logMaxBytes: number;
  /** The tool and everything it started (its process group) get SIGTERM after this long, SIGKILL `killGraceMs` later. */
  readonly timeoutMs: number;
  readonly killGraceMs?: number;
  /** Runs the tool under `nice -n <niceness>`. */
  readonly niceness?: number;
  /** Stops the tool like the timeout does (a cancelled build). */
  readonly signal?: AbortSignal;
  /** Sees every line as it comes (e.g. to learn the schroot session the tool opened). */
  readonly onLine?: (line: string) => void;
  /** How much of the output's end is returned to read the verdict from. Default 64 KiB. */
  readonly tailBytes?: number;
}

export interface LoggedToolExit {
  /** undefined when the tool was killed by a signal. */
  readonly exitCode: number | undefined;
  readonly timedOut: boolean;
  readonly aborted: boolean;
  /** The last lines of the output. */
  readonly tail: string;
  readonly seconds: number;
}

/**
 * Runs a QA tool (piuparts, autopkgtest) that may run untrusted maintainer scripts and tests for a long
 * time and talk a lot: stdin closed, its own process group (killed whole on timeout or abort), its
 * output streamed line by line (boundedLines) into a bounded log file, never held whole in memory.
 * A non-zero exit is not an error here: what it means is the tool's verdict, read by the caller.
 * Throws only when the tool cannot be started or the log cannot be written.
 */
export async function runLoggedTool(run: LoggedToolRun): Promise<LoggedToolExit> {
  const [file, argv] = run.niceness === undefined ? [run.program, run.args] : ['nice', ['-n', String(run.niceness), run.program, ...run.args]];
  const log = await BoundedLogFile.open(run.logFile, { maxBytes: run.logMaxBytes });
  const began = performance.now();
  const subprocess = execa(file, argv, { env: run.env, stdin: 'ignore', all: true, buffer: false, reject: false, detached: true });
  let timedOut = false;
  let aborted = false;
  let killTimer: NodeJS.Timeout | undefined;
  const killGroup = (name: NodeJS.Signals): void => killProcessGroup(subprocess.pid, name);
  const stop = (): void => {
    killGroup('SIGTERM');
    killTimer ??= setTimeout(() => killGroup('SIGKILL'), run.killGraceMs ?? 10_000);
  };
  const timer = setTimeout(() => {
    timedOut = true;
    stop();
  }, run.timeoutMs);
  const onAbort = (): void => {
    aborted = true;
    stop();
  };
  run.signal?.addEventListener('abort', onAbort, { once: true });
  if (run.signal?.aborted) onAbort();
  const tail = new LogTail(run.tailBytes ?? 64 * 1024);
  try {
    for await (const line of boundedLines(subprocess.all as AsyncIterable<string | Uint8Array>)) {
      run.onLine?.(line);
      tail.push(line);
      await log.write(line);
    }
  } catch (error) {
    // The log could not be written (disk full): stop the tool rather than run it without a log.
    killGroup('SIGKILL');
    await subprocess;
    await log.close().catch(() => undefined);
    throw error;
  } finally {
    clearTimeout(timer);
    run.signal?.removeEventListener('abort', onAbort);
  }
  const result = await subprocess;
  clearTimeout(killTimer);
  killGroup('SIGKILL'); // whatever it left behind
  if (timedOut) await log.write(`[mbd] ${run.program} did not finish within ${Math.round(run.timeoutMs / 1000)} s and was stopped`);
  await log.close();
  if (result.failed && result.exitCode === undefined && !timedOut && !aborted && result.signal === undefined) {
    throw result.cause instanceof Error ? result.cause : new Error(`${run.program} could not be started: ${String(result.message)}`);
  }
  return { exitCode: result.exitCode, timedOut, aborted, tail: tail.text(), seconds: Math.round((performance.now() - began) / 100) / 10 };
}
