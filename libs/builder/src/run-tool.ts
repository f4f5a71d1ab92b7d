import { execa } from 'execa';
import { ToolFailedError } from './errors.js';

export interface RunToolOptions {
  readonly env?: Readonly<Record<string, string>>;
  /** Stops the tool (SIGTERM) when aborted; the call then fails with ToolFailedError. */
  readonly signal?: AbortSignal;
}

export interface ToolOutput {
  readonly stdout: string;
}

/** Runs a Debian tool with execa, stdin closed, and checks that it exited 0; throws ToolFailedError with its output. */
export async function runTool(program: string, args: readonly string[], options: RunToolOptions = {}): Promise<ToolOutput> {
  const result = await execa(program, args, {
    env: options.env,
    cancelSignal: options.signal,
    stdin: 'ignore',
    reject: false,
    all: true,
  });
  if (result.failed) {
    const detail = result.all || (result.cause instanceof Error ? result.cause.message : '');
    throw new ToolFailedError(`${program} ${args.join(' ')}`, result.exitCode, String(detail));
  }
  return { stdout: result.stdout };
}
