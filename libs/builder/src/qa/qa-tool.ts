import { type QaCheckRequest, type QaResult, type QaToolSettings } from './qa-check.js';
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
