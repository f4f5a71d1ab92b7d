import { Inject, Injectable, Optional } from '@nestjs/common';
import { runTool, ToolFailedError, ToolTimedOutError } from '@mbd/builder';
import { parseDsc } from '@mbd/debian';
import { PackageInstalled } from '@mbd/events';
import { ProjectionsService } from '@mbd/projections';
import { BlobStore } from '@mbd/repository';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DebdiffError } from './debdiff.errors.js';
import { dscOf, sourceFilesOf, type SourceFiles } from './source-files.js';

/** How much debdiff anonymous clients may make the daemon run. */
export interface DebdiffLimits {
  /** debdiffs at once; a request beyond is refused as busy (503 with Retry-After). */
  readonly concurrency: number;
  /** A debdiff running longer is stopped with everything it started (its process group). */
  readonly timeoutMs: number;
  /** Output beyond this is cut (and says so). */
  readonly maxOutputBytes: number;
}

export const DEBDIFF_LIMITS = Symbol('DEBDIFF_LIMITS');
export const defaultDebdiffLimits: DebdiffLimits = { concurrency: 2, timeoutMs: 120_000, maxOutputBytes: 8 * 1024 * 1024 };

/** The answer of `debdiff`: its output (empty when the sources are the same). */
export interface DebdiffResult {
  readonly repository: string;
  readonly source: string;
  readonly versiona: string;
  readonly versionb: string;
  /** debdiff exited 0: no differences. */
  readonly identical: boolean;
  readonly debdiff: string;
}

/**
 * mini-buildd's `debdiff`: the real `debdiff` between two versions of a source installed in a
 * repository. Each version's .dsc and the files it lists come from the blob store (as its install
 * recorded them) into a temporary directory, removed afterwards. Bounded: a few at once, a time
 * limit with a process-group kill, a cap on the output.
 */
@Injectable()
export class DebdiffService {
  private running = 0;
  private readonly limits: DebdiffLimits;

  constructor(
    private readonly projections: ProjectionsService,
    private readonly blobs: BlobStore,
    @Optional() @Inject(DEBDIFF_LIMITS) limits?: DebdiffLimits,
  ) {
    this.limits = limits ?? defaultDebdiffLimits;
  }

  async debdiff(repository: string, source: string, versiona: string, versionb: string): Promise<DebdiffResult> {
    const a = await this.installed(repository, source, versiona);
    const b = await this.installed(repository, source, versionb);
    if (this.running >= this.limits.concurrency)
      throw new DebdiffError('busy', `${this.running} debdiffs are running, the most this daemon runs at once; try again shortly`, 10);
    this.running += 1;
    let work: string | undefined;
    try {
      work = await mkdtemp(join(tmpdir(), 'mbd-debdiff-'));
      const [dscA, dscB] = [await this.materialize(a, join(work, 'a')), await this.materialize(b, join(work, 'b'))];
      const { stdout, exitCode, truncated } = await runTool('debdiff', ['--noconf', dscA, dscB], {
        cwd: work,
        env: { HOME: work, TMPDIR: work },
        timeoutMs: this.limits.timeoutMs,
        acceptExitCodes: [1],
        maxOutputBytes: this.limits.maxOutputBytes,
      });
      return { repository, source, versiona, versionb, identical: exitCode === 0 && truncated !== true, debdiff: this.capped(stdout, truncated === true) };
    } catch (error) {
      if (error instanceof ToolTimedOutError) throw new DebdiffError('timed-out', `debdiff of ${source} ${versiona} and ${versionb} took over ${this.limits.timeoutMs / 1000} s and was stopped`);
      if (error instanceof ToolFailedError) throw new DebdiffError('failed', error.message);
      throw error;
    } finally {
      this.running -= 1;
      if (work !== undefined) await rm(work, { recursive: true, force: true });
    }
  }

  /** The source files of `version` as installed in a distribution of `repository` (the latest such install). */
  private async installed(repository: string, source: string, version: string): Promise<SourceFiles> {
    let beforePosition: number | undefined;
    do {
      const page = await this.projections.listAuditLog({ source, repository, type: PackageInstalled.type, order: 'desc', limit: 1000, ...(beforePosition ? { beforePosition } : {}) });
      for (const item of page.items) {
        const parsed = PackageInstalled.schema.safeParse(item.data);
        if (!parsed.success || parsed.data.version !== version) continue;
        const dsc = dscOf(parsed.data.files);
        if (!dsc) continue;
        const listed = parseDsc(await this.blobs.read(dsc.sha256), { what: dsc.name }).files.map((file) => file.name as string);
        const files = sourceFilesOf(parsed.data.files, dsc, listed);
        if (files) return files;
      }
      beforePosition = page.nextBefore ?? undefined;
    } while (beforePosition !== undefined);
    throw new DebdiffError('version-unknown', `${source} ${version} was never installed in repository ${repository}`);
  }

  /** Copies a version's .dsc and its files from the blob store into `dir`; returns the .dsc's path. */
  private async materialize(files: SourceFiles, dir: string): Promise<string> {
    await mkdir(dir);
    for (const file of [files.dsc, ...files.files]) await this.blobs.copyTo(file.sha256, join(dir, file.name));
    return join(dir, files.dsc.name);
  }

  private capped(output: string, truncated: boolean): string {
    const max = this.limits.maxOutputBytes;
    if (!truncated && Buffer.byteLength(output) <= max) return output;
    return `${Buffer.from(output).subarray(0, max).toString()}\n[debdiff output cut at ${max} bytes]\n`;
  }
}
