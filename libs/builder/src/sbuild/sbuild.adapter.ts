import { mkdir, readdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { parseChanges } from '@mbd/debian';
import { execa } from 'execa';
import type { ChrootManager } from '../chroot/chroot-manager.js';
import { chrootIndicesFresh, sbuildChrootArgument } from '../chroot/chroot.js';
import { Builder, type BuildJob, type BuildResult, type BuildRun, type BuildStage, type BuildStart } from '../build/builder.port.js';
import { BuildCancelledError, SbuildNoSummaryError, lastLines } from '../errors.js';
import { endSchrootSession, listSchrootSessions } from '../schroot/schroot-sessions.js';
import { BoundedLogFile } from '../log/bounded-log-file.js';
import { boundedLines } from '../log/bounded-lines.js';
import { LogReplay } from '../log/log-replay.js';
import { LogTail } from '../log/log-tail.js';
import { FailureLines, buildStatusOf, parseSbuildSummary, reasonOf, schrootSessionOf, stageHeading } from './parse-sbuild-log.js';
import { sbuildInvocation } from './sbuild-arguments.js';
import { killProcessGroup } from '../process-group.js';

export interface SbuildBuilderOptions {
  readonly chroots: ChrootManager;
  /** How long sbuild may clean up after SIGTERM before its process group is killed. Default 10 s. */
  readonly cancelGraceMs?: number;
  readonly program?: string;
  /** The bound of each build log (MBD_BUILD_LOG_MAX_BYTES); default 64 MiB. */
  readonly logMaxBytes?: number;
  /** The builder's name in BuildStarted: `local@<daemon name>` (localBuilderNameOf), so the log says which daemon builds. Default `local`. */
  readonly name?: string;
}

/** The end of the log kept in memory to read sbuild's Summary from (it is the log's last section). */
const summaryTailBytes = 256 * 1024;

/** The build log's name: `<source>_<version>_<arch>.build`, as sbuild names its own. */
export const buildLogName = (job: Pick<BuildJob, 'dsc' | 'architecture'>): string => `${basename(job.dsc, '.dsc')}_${job.architecture}.build`;

/**
 * The local builder: runs sbuild for a job in this machine's chroot of the job's codename and
 * architecture (schroot overlay as root, unshare otherwise), streams its log (to a file of at most
 * `logMaxBytes`, BoundedLogFile, and to the live view; never held whole in memory), and reads the result
 * from sbuild's Summary and .changes. Cancelling sends SIGTERM to sbuild's process group, SIGKILL
 * after a grace period, and ends the schroot session if sbuild left it open (gotcha G4).
 */
export class SbuildBuilder extends Builder {
  readonly name: string;
  private readonly chroots: ChrootManager;
  private readonly cancelGraceMs: number;
  private readonly program: string;
  private readonly logMaxBytes: number;

  constructor(options: SbuildBuilderOptions) {
    super();
    this.name = options.name ?? 'local';
    this.chroots = options.chroots;
    this.cancelGraceMs = options.cancelGraceMs ?? 10_000;
    this.program = options.program ?? 'sbuild';
    this.logMaxBytes = options.logMaxBytes ?? 64 * 1024 * 1024;
  }

  build(job: BuildJob, signal?: AbortSignal): BuildRun {
    const log = new LogReplay();
    let markStarted: (start: BuildStart) => void = () => undefined;
    let failStart: (error: unknown) => void = () => undefined;
    const started = new Promise<BuildStart>((resolve, reject) => {
      markStarted = resolve;
      failStart = reject;
    });
    started.catch(() => undefined);
    const result = this.run(job, signal, log, markStarted).then(
      (value) => {
        log.complete();
        return value;
      },
      (error: unknown) => {
        failStart(error);
        log.complete();
        throw error;
      },
    );
    return { started, log: log.asObservable(), result };
  }

  private async run(job: BuildJob, signal: AbortSignal | undefined, log: LogReplay, markStarted: (start: BuildStart) => void): Promise<BuildResult> {
    if (signal?.aborted) throw new BuildCancelledError(job.buildId, undefined);
    const chroot = await this.chroots.require(job.codename, job.architecture);
    await mkdir(job.outputDir, { recursive: true });
    const keys = new Map<string, string>();
    for (const { keyFile } of job.extraRepositories ?? []) if (keyFile !== undefined) keys.set(keyFile, await readFile(keyFile, 'utf8'));
    const { args, env } = sbuildInvocation(job, { mode: chroot.mode, argument: sbuildChrootArgument(chroot), indicesFresh: chrootIndicesFresh(chroot), keys });
    const logFile = join(job.outputDir, buildLogName(job));
    const file = await BoundedLogFile.open(logFile, { maxBytes: this.logMaxBytes });
    const begin = performance.now();
    const subprocess = execa(this.program, args, { cwd: job.outputDir, env, stdin: 'ignore', all: true, buffer: false, reject: false, detached: true });
    markStarted({ builder: this.name, chroot: chroot.name, at: new Date() });

    let cancelled = false;
    let killTimer: NodeJS.Timeout | undefined;
    const killGroup = (name: NodeJS.Signals): void => killProcessGroup(subprocess.pid, name);
    const onAbort = (): void => {
      cancelled = true;
      killGroup('SIGTERM');
      killTimer = setTimeout(() => killGroup('SIGKILL'), this.cancelGraceMs);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    if (signal?.aborted) onAbort();

    const tail = new LogTail(summaryTailBytes);
    const failures = new FailureLines();
    const stages: BuildStage[] = [];
    let stage: { name: string; since: number } = { name: 'Start', since: begin };
    let session: string | undefined;
    let previous: string | undefined;
    const closeStage = (now: number): void => {
      stages.push({ name: stage.name, seconds: Math.round((now - stage.since) / 100) / 10 });
    };
    const show = (lines: readonly string[]): void => lines.forEach((line) => log.next(line));
    try {
      for await (const line of boundedLines(subprocess.all as AsyncIterable<string | Uint8Array>)) {
        const heading = stageHeading(previous, line);
        if (heading !== undefined) {
          const now = performance.now();
          closeStage(now);
          stage = { name: heading, since: now };
        }
        if (session === undefined && chroot.mode === 'schroot') session = schrootSessionOf(line);
        failures.see(line);
        tail.push(line);
        previous = line;
        show(await file.write(line));
      }
    } catch (error) {
      // The log could not be written (disk full): stop sbuild rather than build without a log.
      killGroup('SIGKILL');
      await subprocess;
      await file.close().catch(() => undefined);
      signal?.removeEventListener('abort', onAbort);
      clearTimeout(killTimer);
      throw error;
    }
    const exit = await subprocess;
    const end = performance.now();
    closeStage(end);
    signal?.removeEventListener('abort', onAbort);
    clearTimeout(killTimer);
    killGroup('SIGKILL');
    show(await file.close());

    if (cancelled) {
      if (session !== undefined && (await listSchrootSessions(chroot.name)).includes(session)) await endSchrootSession(session);
      throw new BuildCancelledError(job.buildId, logFile);
    }
    const text = tail.text();
    const summary = parseSbuildSummary(text);
    if (summary?.Status === undefined) throw new SbuildNoSummaryError(job.buildId, exit.exitCode, lastLines(text, 30), logFile);
    const status = buildStatusOf(summary);
    const changes = status === 'successful' ? await this.changesOf(job) : undefined;
    return {
      buildId: job.buildId,
      status,
      ...(summary['Fail-Stage'] !== undefined ? { failStage: summary['Fail-Stage'] } : {}),
      reason: reasonOf(summary, failures.line),
      ...(changes !== undefined ? { changesFile: changes.path } : {}),
      files: changes?.files ?? [],
      logFile,
      seconds: Math.round((end - begin) / 100) / 10,
      summary,
      stages,
    };
  }

  /** The .changes sbuild wrote and the files it lists. */
  private async changesOf(job: BuildJob): Promise<{ path: string; files: string[] } | undefined> {
    const name = (await readdir(job.outputDir)).find((entry) => entry.endsWith('.changes'));
    if (name === undefined) return undefined;
    const path = join(job.outputDir, name);
    const changes = parseChanges(await readFile(path), { what: name });
    return { path, files: [path, ...changes.files.map((file) => join(job.outputDir, file.name))] };
  }
}
