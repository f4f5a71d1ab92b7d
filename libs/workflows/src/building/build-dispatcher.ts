import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { buildDecider, parseDistributionName, type BuildCommand } from '@mbd/archive';
import { Builder, ChrootManager, Lintian, lintianTagLines, type BuildResult } from '@mbd/builder';
import { InjectConfig, type MbdConfig } from '@mbd/config';
import { parseChanges } from '@mbd/debian';
import {
  BuildCancelled,
  BuildRequested,
  EventStore,
  UploadReceived,
  handleCommand,
  uploadStream,
  type FileRef,
} from '@mbd/events';
import { ProjectionsService, type BuildQueueItem } from '@mbd/projections';
import { BlobStore } from '@mbd/repository';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { ReplaySubject, type Observable, type Subscription } from 'rxjs';
import { daemonCommandMetadata } from '../support/command-metadata.js';
import { requeueDecider } from './requeue.decider.js';

interface RunningBuild {
  readonly abort: AbortController;
  readonly log: ReplaySubject<string>;
}

/**
 * Takes builds from the build queue (the build-queue read model, in its fair order) and runs them on
 * the builder with `MBD_BUILD_JOBS` slots. Every step is an event on the upload stream: BuildStarted,
 * then BuildSucceeded or BuildFailed with the results and the log in the blob store. Builds that were
 * running when the daemon stopped are cancelled and requested again at start-up (re-queued, not lost
 * and not doubled).
 */
@Injectable()
export class BuildDispatcher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('builds');
  private readonly running = new Map<string, RunningBuild>();
  private subscription?: Subscription;
  private pumping = Promise.resolve();
  private stopped = false;

  constructor(
    @InjectConfig() private readonly config: MbdConfig,
    private readonly store: EventStore,
    private readonly blobs: BlobStore,
    private readonly projections: ProjectionsService,
    private readonly builder: Builder,
    private readonly lintian: Lintian,
    private readonly chroots: ChrootManager,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.buildJobs === 0) return;
    // In the background: the build queue read model starts on bootstrap too, and is waited for here.
    void this.startUp().catch((error: unknown) => this.logger.error(`cannot start taking builds: ${String(error)}`));
  }

  /** Re-queues builds a previous run left running, then follows the log for new build requests. */
  private async startUp(): Promise<void> {
    const head = await this.store.headPosition();
    await this.projections.waitForPosition(head, 300_000);
    const ended = await this.chroots.endStaleSessions();
    if (ended.length > 0) this.logger.warn(`ended ${ended.length} schroot session(s) a previous run left open`);
    for (const build of (await this.projections.listBuildQueue()).filter((item) => item.state === 'building')) {
      const metadata = daemonCommandMetadata(build.uploadId);
      await handleCommand(this.store, uploadStream(build.uploadId), requeueDecider, {
        type: 'RequeueBuild',
        cancel: { type: 'CancelBuild', data: { architecture: build.architecture, reason: 'interrupted by a daemon restart' }, metadata },
        retry: { type: 'RetryBuild', data: { architecture: build.architecture }, metadata },
      });
    }
    if (this.stopped) return;
    this.subscription = this.store.subscribeAll(head).subscribe((event) => {
      if (BuildRequested.is(event)) this.pump(event.position);
      if (BuildCancelled.is(event)) this.running.get(event.data.buildId)?.abort.abort();
    });
    this.pump(await this.store.headPosition());
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    this.subscription?.unsubscribe();
    for (const build of this.running.values()) build.abort.abort();
  }

  status() {
    return { builder: this.builder.name, slots: this.config.buildJobs, running: [...this.running.keys()] };
  }

  /** The live log of a running build (lines so far, then new ones), or undefined when it is not running here. */
  log(buildId: string): Observable<string> | undefined {
    return this.running.get(buildId)?.log.asObservable();
  }

  private pump(position: number): void {
    this.pumping = this.pumping.then(async () => {
      if (this.stopped) return;
      await this.projections.waitForPosition(position);
      const waiting = (await this.projections.listBuildQueue()).filter((item) => item.state === 'needs-build' && !this.running.has(item.buildId));
      for (const item of waiting.slice(0, Math.max(0, this.config.buildJobs - this.running.size))) void this.run(item);
    }).catch((error: unknown) => this.logger.error(`cannot read the build queue: ${String(error)}`));
  }

  private async run(item: BuildQueueItem): Promise<void> {
    const log = new ReplaySubject<string>(10_000);
    const build: RunningBuild = { abort: new AbortController(), log };
    this.running.set(item.buildId, build);
    const work = await mkdtemp(join(tmpdir(), `mbd-build-${item.buildId}-`));
    try {
      const codename = parseDistributionName(item.distribution)?.codename ?? item.distribution.split('-')[0]!;
      const started = await this.decide(item.uploadId, {
        type: 'StartBuild',
        data: { buildId: item.buildId, architecture: item.architecture, builder: this.builder.name, chroot: `${codename}-${item.architecture}` },
      });
      if (started === 0) return; // cancelled or taken meanwhile
      this.logger.log(`building ${item.source} ${item.version} for ${item.architecture} (${item.buildId})`);
      const dscPath = await this.unpackSource(item.uploadId, join(work, 'source'));
      const outputDir = join(work, 'out');
      await mkdir(outputDir, { recursive: true });
      const run = this.builder.build(
        { buildId: item.buildId, dsc: dscPath, distribution: item.distribution, codename, architecture: item.architecture, archAll: item.archAll, outputDir },
        build.abort.signal,
      );
      run.log.subscribe({ next: (line) => log.next(line), error: () => undefined });
      const result = await run.result;
      await this.record(item, result);
    } catch (error) {
      if (build.abort.signal.aborted) return; // the BuildCancelled event already tells
      this.logger.error(`build ${item.buildId} could not run: ${error instanceof Error ? error.message : String(error)}`);
      await this.decide(item.uploadId, {
        type: 'RecordBuildFailure',
        data: { buildId: item.buildId, architecture: item.architecture, status: 'failed', reason: `could not run the build: ${String(error)}` },
      }).catch(() => undefined);
    } finally {
      log.complete();
      this.running.delete(item.buildId);
      await rm(work, { recursive: true, force: true });
      this.pump(await this.store.headPosition());
    }
  }

  private async record(item: BuildQueueItem, result: BuildResult): Promise<void> {
    const log = await this.storeFile(result.logFile).catch(() => undefined);
    if (result.status === 'successful' && result.changesFile && log) {
      const changesText = await readFile(result.changesFile, 'utf8');
      const changes = parseChanges(changesText, { what: basename(result.changesFile) });
      const files: FileRef[] = [await this.storeFile(result.changesFile)];
      for (const file of changes.files) files.push(await this.storeFile(join(dirname(result.changesFile), file.name)));
      const report = await this.lintian.check(result.changesFile).catch((error: unknown) => {
        this.logger.warn(`lintian could not check ${basename(result.changesFile!)}: ${String(error)}`);
        return undefined;
      });
      await this.decide(item.uploadId, {
        type: 'RecordBuildSuccess',
        data: {
          buildId: item.buildId,
          architecture: item.architecture,
          files,
          log,
          seconds: Math.round(result.seconds),
          ...(report ? { lintian: { errors: report.errors, warnings: report.warnings, tags: lintianTagLines(report) } } : {}),
        },
      });
      this.logger.log(`built ${item.source} ${item.version} for ${item.architecture} in ${Math.round(result.seconds)} s`);
      return;
    }
    await this.decide(item.uploadId, {
      type: 'RecordBuildFailure',
      data: { buildId: item.buildId, architecture: item.architecture, status: result.status, reason: result.reason, ...(log ? { log } : {}) },
    });
    this.logger.warn(`build of ${item.source} ${item.version} for ${item.architecture} failed: ${result.reason}`);
  }

  private async storeFile(path: string): Promise<FileRef> {
    const ref = await this.blobs.putFile(path);
    return { name: basename(path), ...ref };
  }

  /** Copies the upload's source files from the blob store (checked by hash) and returns the .dsc's path. */
  private async unpackSource(uploadId: string, dir: string): Promise<string> {
    const received = (await this.store.readStream(uploadStream(uploadId))).find((event) => UploadReceived.is(event));
    if (!received || !UploadReceived.is(received)) throw new Error(`upload ${uploadId} has no UploadReceived`);
    await mkdir(dir, { recursive: true });
    for (const file of received.data.files) await this.blobs.copyTo(file.sha256, join(dir, file.name));
    const dsc = received.data.files.find((file) => file.name.endsWith('.dsc'));
    if (!dsc) throw new Error(`upload ${uploadId} has no .dsc`);
    return join(dir, dsc.name);
  }

  /** Decides a build command on the upload stream; returns how many events it appended. */
  private async decide(uploadId: string, command: Omit<BuildCommand, 'metadata'>): Promise<number> {
    const result = await handleCommand(this.store, uploadStream(uploadId), buildDecider, {
      ...command,
      metadata: daemonCommandMetadata(uploadId),
    } as BuildCommand);
    return result.events.length;
  }
}
