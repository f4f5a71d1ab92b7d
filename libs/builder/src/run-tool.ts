import { execa } from 'execa';
import { ToolFailedError } from './errors.js';

export interface RunToolOptions {
  readonly cwd?: string;
  readonly env?: Readonly<Record<string, string>>;
  /** Stops the tool (SIGTERM) when aborted; the call then fails with ToolFailedError. */
  readonly signal?: AbortSignal;
  /** Exit statuses that count as success (default: only 0). */
  readonly okExitCodes?: readonly number[];
}

export interface ToolOutput {
  readonly stdout: string;
  readonly exitCode: number;
}

/** Runs a Debian tool with execa, stdin closed, and checks its exit status; throws ToolFailedError with its output. */
export async function runTool(program: string, args: readonly string[], options: RunToolOptions = {}): Promise<ToolOutput> {
  const result = await execa(program, args, {
    cwd: options.cwd,
    env: options.env,
    cancelSignal: options.signal,
    stdin: 'ignore',
    reject: false,
    all: true,
  });
  const okExitCodes = options.okExitCodes ?? [0];
  if (result.failed && !(result.exitCode !== undefined && okExitCodes.includes(result.exitCode) && !result.isCanceled)) {
    const detail = result.all || (result.cause instanceof Error ? result.cause.message : '');
    throw new ToolFailedError(`${program} ${args.join(' ')}`, result.exitCode, String(detail));
  }
  return { stdout: result.stdout, exitCode: result.exitCode ?? 0 };
}
