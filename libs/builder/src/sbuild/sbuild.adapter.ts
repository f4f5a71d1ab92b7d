import { mkdir, readdir, readFile, realpath, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseChanges } from '@mbd/debian';
import { execa } from 'execa';
import { ReplaySubject } from 'rxjs';
import type { ChrootManager } from '../chroot/chroot-manager.js';
import { sbuildChrootArgument } from '../chroot/chroot.js';
import { Builder, type BuildJob, type BuildResult, type BuildRun, type BuildStage, type BuildStart } from '../build/builder.port.js';
import { BuildCancelledError, SbuildNoSummaryError, lastLines } from '../errors.js';
import { endSchrootSession, listSchrootSessions } from '../schroot/schroot-sessions.js';
import { buildReason, buildStatusOf, parseSbuildSummary, schrootSessionOf, stageHeading } from './parse-sbuild-log.js';
import { sbuildInvocation } from './sbuild-arguments.js';

export interface SbuildBuilderOptions {
  readonly chroots: ChrootManager;
  /** How long sbuild may clean up after SIGTERM before its process group is killed. Default 10 s. */
  readonly cancelGraceMs?: number;
  readonly program?: string;
}

/**
 * The local builder: runs sbuild for a job in this machine's chroot of the job's codename and
 * architecture (schroot overlay as root, unshare otherwise), streams its log, and reads the result
 * from sbuild's Summary and .changes. Cancelling sends SIGTERM to sbuild's process group, SIGKILL
 * after a grace period, and ends the schroot session if sbuild left it open (gotcha G4).
 */
export class SbuildBuilder extends Builder {
  readonly name = 'local';
  private readonly chroots: ChrootManager;
  private readonly cancelGraceMs: number;
  private readonly program: string;

  constructor(options: SbuildBuilderOptions) {
    super();
    this.chroots = options.chroots;
    this.cancelGraceMs = options.cancelGraceMs ?? 10_000;
    this.program = options.program ?? 'sbuild';
  }

  build(job: BuildJob, signal?: AbortSignal): BuildRun {
    const log = new ReplaySubject<string>();
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
    return { started, log, result };
  }

  private async run(job: BuildJob, signal: AbortSignal | undefined, log: ReplaySubject<string>, markStarted: (start: BuildStart) => void): Promise<BuildResult> {
    if (signal?.aborted) throw new BuildCancelledError(job.buildId, undefined);
    const chroot = await this.chroots.require(job.codename, job.architecture);
    await mkdir(job.outputDir, { recursive: true });
    const { args, env } = sbuildInvocation(job, { mode: chroot.mode, argument: sbuildChrootArgument(chroot) });
    const begin = performance.now();
    const subprocess = execa(this.program, args, { cwd: job.outputDir, env, stdin: 'ignore', all: true, buffer: false, reject: false, detached: true });
    markStarted({ builder: this.name, chroot: chroot.name, at: new Date() });

    let cancelled = false;
    let killTimer: NodeJS.Timeout | undefined;
    const killGroup = (name: NodeJS.Signals): void => {
      try {
        if (subprocess.pid !== undefined) process.kill(-subprocess.pid, name);
      } catch {
        // the group has already exited
      }
    };
    const onAbort = (): void => {
      cancelled = true;
      killGroup('SIGTERM');
      killTimer = setTimeout(() => killGroup('SIGKILL'), this.cancelGraceMs);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    if (signal?.aborted) onAbort();

    const lines: string[] = [];
    const stages: BuildStage[] = [];
    let stage: { name: string; since: number } = { name: 'Start', since: begin };
    let session: string | undefined;
    const closeStage = (now: number): void => {
      stages.push({ name: stage.name, seconds: Math.round((now - stage.since) / 100) / 10 });
    };
    const reader = createInterface({ input: subprocess.all as NodeJS.ReadableStream, crlfDelay: Infinity });
    for await (const line of reader) {
      const heading = stageHeading(lines.at(-1), line);
      if (heading !== undefined) {
        const now = performance.now();
        closeStage(now);
        stage = { name: heading, since: now };
      }
      if (session === undefined && chroot.mode === 'schroot') session = schrootSessionOf(line);
      lines.push(line);
      log.next(line);
    }
    const exit = await subprocess;
    const end = performance.now();
    closeStage(end);
    signal?.removeEventListener('abort', onAbort);
    clearTimeout(killTimer);
    killGroup('SIGKILL');

    const text = lines.join('\n');
    const logFile = await this.logFileOf(job, text);
    if (cancelled) {
      if (session !== undefined && (await listSchrootSessions(chroot.name)).includes(session)) await endSchrootSession(session);
      throw new BuildCancelledError(job.buildId, logFile);
    }
    const summary = parseSbuildSummary(text);
    if (summary?.Status === undefined) throw new SbuildNoSummaryError(job.buildId, exit.exitCode, lastLines(text, 30), logFile);
    const status = buildStatusOf(summary);
    const changes = status === 'successful' ? await this.changesOf(job) : undefined;
    return {
      buildId: job.buildId,
      status,
      ...(summary['Fail-Stage'] !== undefined ? { failStage: summary['Fail-Stage'] } : {}),
      reason: buildReason(summary, text),
      ...(changes !== undefined ? { changesFile: changes.path } : {}),
      files: changes?.files ?? [],
      logFile,
      seconds: Math.round((end - begin) / 100) / 10,
      summary,
      stages,
    };
  }

  /** sbuild's log (`<source>_<version>_<arch>.build`, a link to the timestamped file), or the streamed text when sbuild wrote none. */
  private async logFileOf(job: BuildJob, text: string): Promise<string> {
    const link = (await readdir(job.outputDir)).find((name) => name.endsWith('.build'));
    if (link !== undefined) return realpath(join(job.outputDir, link));
    const path = join(job.outputDir, `${job.buildId}.build`);
    await writeFile(path, `${text}\n`);
    return path;
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
