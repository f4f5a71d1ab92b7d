import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { buildDecider, checkModesOf, distributionSettings, parseDistributionName, type BuildCommand } from '@mbd/archive';
import {
  Autopkgtest,
  BuildCancelledError,
  Builder,
  ChrootManager,
  Lintian,
  LogReplay,
  Piuparts,
  buildLogName,
  lintianTagLines,
  readDebIdentity,
  type BuildResult,
  type ExtraRepository,
} from '@mbd/builder';
import { InjectConfig, type MbdConfig } from '@mbd/config';
import { formatVersion, parseChanges } from '@mbd/debian';
import {
  BuildCancelled,
  BuildRequested,
  DEFAULT_RETRY,
  EventStore,
  LogFollower,
  MemoryCheckpoint,
  UploadAccepted,
  handleCommand,
  retrying,
  uploadStream,
  type Actor,
  type DataOf,
  type FileRef,
  type FollowerStatus,
  type QaCheckResult,
  type RecordedEvent,
} from '@mbd/events';
import { ArchiveKey } from '@mbd/gpg';
import { ProjectionsService, type BuildQueueItem } from '@mbd/projections';
import { BlobStore } from '@mbd/repository';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { setTimeout as setTimeout$ } from 'node:timers/promises';
import { basename, dirname, join } from 'node:path';
import type { Observable } from 'rxjs';
import { ConfigurationService } from '../configuration/configuration.service.js';
import { daemonCommandMetadata } from '../support/command-metadata.js';
import { archiveBuildSources } from './build-sources.js';
import { buildSourceFiles } from './build-source-files.js';
import { buildCodenameOf } from './claim-choice.js';
import { qaToolsToRun, runBuildQa } from './build-qa.js';
import { resultMismatch } from './built-result.js';
import { interruptedBuildsOf } from './interrupted-builds.js';
import { requeueDecider } from './requeue.decider.js';
import { uploadBuildOptions } from './upload-build-options.js';
import { BUILD_ATTEMPTS, isPassingFailure, retryDelaySeconds } from './transient-failure.js';

/** How much of a running build's log a late viewer is shown first (the live log is never kept whole). */
export const LIVE_LOG_REPLAY_BYTES = 1024 * 1024;

interface RunningBuild {
  readonly abort: AbortController;
  readonly log: LogReplay;
  /** Set when MBD_BUILD_TIMEOUT_S stopped it (not a cancel). */
  timedOut: boolean;
}

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** A build that ran on a remote builder: piuparts and autopkgtest did not run (they need the build's chroot). */
interface RemoteQa {
  readonly remote: string;
  readonly accepted: DataOf<typeof UploadAccepted> | undefined;
}

/** What piuparts and autopkgtest need of a build besides its result: the source, the upload, the apt sources the build saw. */
interface QaInputs {
  readonly dsc: string;
  readonly accepted: DataOf<typeof UploadAccepted> | undefined;
  readonly extraRepositories: readonly ExtraRepository[];
  readonly signal: AbortSignal;
}

/**
 * Takes builds from the build queue (the build-queue read model, in its fair order) and runs them on
 * the builder with `MBD_BUILD_JOBS` slots. It follows the log with the one LogFollower (`builds`): a
 * BuildRequested makes it look at the queue, a BuildCancelled stops that build. Its state is the read
 * model, so the follower's checkpoint lives in memory and starts at the head. Every step is an event on
 * the upload stream: BuildStarted, then BuildSucceeded or BuildFailed with the results and the log in
 * the blob store. A build sees the upload's files and the files the packager took from the pool, and
 * the repository's own distributions (build-sources.ts) signed by the archive key. A result that is
 * not the upload's source and version fails the build (built-result.ts); a build running longer than
 * MBD_BUILD_TIMEOUT_S is stopped and fails; one whose apt could not update its lists runs again
 * (transient-failure.ts). The upload's options (upload-build-options.ts) set the build's DEB_BUILD_OPTIONS,
 * profiles, added dependencies, the pin of its own distributions, and whether lintian runs on the result.
 * Builds that were running on this daemon's own builder when it stopped are cancelled and requested
 * again at start-up (re-queued, not lost and not doubled); several daemons sharing one event store
 * each re-queue only their own, and StartBuild on the upload stream lets only one of them take a build.
 * A build a remote builder ran (RemoteBuilds) is recorded here too (recordRemote), its live log shown as a local one's.
 */
@Injectable()
export class BuildDispatcher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('builds');
  private readonly running = new Map<string, RunningBuild>();
  /** Live logs of builds running on remote builders (RemoteBuilds attaches them), shown as a local build's. */
  private readonly remoteLogs = new Map<string, LogReplay>();
  readonly follower: LogFollower;
  private pumping = Promise.resolve();
  /** The wait before a build's next attempt after a passing failure (transient-failure.ts); tests shorten it. */
  retryDelayMs = (attempt: number): number => retryDelaySeconds(attempt) * 1000;
  private stopped = false;
  private markStopped: () => void = () => undefined;
  /** Resolves on shutdown, so that no wait for the read model holds the follower (and the shutdown) up. */
  private readonly stopping = new Promise<void>((resolve) => {
    this.markStopped = resolve;
  });

  constructor(
    @InjectConfig() private readonly config: MbdConfig,
    private readonly store: EventStore,
    private readonly blobs: BlobStore,
    private readonly projections: ProjectionsService,
    private readonly builder: Builder,
    private readonly lintian: Lintian,
    private readonly chroots: ChrootManager,
    private readonly configuration: ConfigurationService,
    private readonly archiveKey: ArchiveKey,
    private readonly piuparts: Piuparts,
    private readonly autopkgtest: Autopkgtest,
  ) {
    this.follower = new LogFollower({
      name: 'builds',
      store,
      checkpoint: new MemoryCheckpoint(),
      startAt: () => store.headPosition(),
      accepts: (event) => BuildRequested.is(event) || BuildCancelled.is(event),
      handle: (events) => this.handle(events),
    });
  }

  onApplicationBootstrap(): void {
    if (this.config.buildJobs === 0) return;
    // In the background: the build queue read model starts on bootstrap too, and is waited for here.
    void this.startUp().catch((error: unknown) => this.logger.error(`cannot start taking builds: ${messageOf(error)}`));
  }

  /**
   * Re-queues the builds a previous run of this daemon left running on its own local builder
   * (interruptedBuildsOf: not another daemon's on the same store, not a remote builder's), each only
   * while it is still that build; then follows the log for new build requests.
   */
  private async startUp(): Promise<void> {
    await this.projections.waitForPosition(await this.store.headPosition(), 300_000);
    const ended = await this.chroots.endStaleSessions();
    if (ended.length > 0) this.logger.warn(`ended ${ended.length} schroot session(s) a previous run left open`);
    for (const build of interruptedBuildsOf(await this.projections.listBuildQueue(), this.builder.name)) {
      const metadata = daemonCommandMetadata(build.uploadId);
      const { events } = await handleCommand(this.store, uploadStream(build.uploadId), requeueDecider, {
        type: 'RequeueBuild',
        buildId: build.buildId,
        cancel: { type: 'CancelBuild', data: { architecture: build.architecture, reason: `interrupted by a restart of ${this.builder.name}` }, metadata },
        retry: { type: 'RetryBuild', data: { architecture: build.architecture }, metadata },
      });
      if (events.length > 0) this.logger.warn(`re-queued ${build.source} ${build.version} for ${build.architecture} (${build.buildId}): interrupted by a restart`);
    }
    if (this.stopped) return;
    await this.follower.start();
    await this.pump(await this.store.headPosition());
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    this.markStopped();
    for (const build of this.running.values()) build.abort.abort();
    await this.follower.stop();
  }

  /** The builder, its slots and running builds, and the state of the follower that takes build requests from the log. */
  async status(): Promise<{ builder: string; slots: number; timeoutSeconds: number; running: string[]; follower: FollowerStatus }> {
    return {
      builder: this.builder.name,
      slots: this.config.buildJobs,
      timeoutSeconds: this.config.buildTimeoutS,
      running: [...this.running.keys()],
      follower: await this.follower.status(),
    };
  }

  /** The live log of a running build (its latest lines, then new ones), or undefined when it is not running here. */
  log(buildId: string): Observable<string> | undefined {
    return (this.running.get(buildId)?.log ?? this.remoteLogs.get(buildId))?.asObservable();
  }

  /** Shows `log` as the live log of `buildId`, a build running on a remote builder, until detached. */
  attachRemoteLog(buildId: string, log: LogReplay): void {
    this.remoteLogs.set(buildId, log);
  }

  detachRemoteLog(buildId: string): void {
    this.remoteLogs.get(buildId)?.complete();
    this.remoteLogs.delete(buildId);
  }

  /**
   * Records the result a remote builder returned as a local build's is recorded (record): its identity is
   * checked and lintian runs here; piuparts and autopkgtest need the build's chroot and run only on local
   * builds, so a remote build records that they did not run where its modes ask for them.
   */
  async recordRemote(item: BuildQueueItem, result: BuildResult, builder: string, actor: Actor): Promise<void> {
    const { accepted } = await buildSourceFiles(this.store, item.uploadId);
    await this.record(item, result, uploadBuildOptions(accepted, item.architecture).runLintian, { remote: builder, accepted }, actor);
  }

  /** The follower's handler: a request looks at the queue (once the read model has it), a cancel stops the build. */
  private async handle(events: readonly RecordedEvent[]): Promise<void> {
    for (const event of events) {
      if (BuildCancelled.is(event)) this.running.get(event.data.buildId)?.abort.abort();
      if (BuildRequested.is(event)) await this.pump(event.position);
    }
  }

  /** Starts waiting builds in free slots, once the read model includes `position`; one look at a time. */
  private pump(position: number): Promise<void> {
    const look = this.pumping.then(async () => {
      if (this.stopped) return;
      const caughtUp = this.projections.waitForPosition(position);
      caughtUp.catch(() => undefined);
      await Promise.race([caughtUp, this.stopping]);
      if (this.stopped) return;
      const waiting = (await this.projections.listBuildQueue()).filter((item) => item.state === 'needs-build' && !this.running.has(item.buildId));
      for (const item of waiting.slice(0, Math.max(0, this.config.buildJobs - this.running.size))) void this.run(item);
    });
    this.pumping = look.catch((error: unknown) => this.logger.error(`cannot read the build queue: ${messageOf(error)}`));
    return look;
  }

  private async run(item: BuildQueueItem): Promise<void> {
    const build: RunningBuild = { abort: new AbortController(), log: new LogReplay(LIVE_LOG_REPLAY_BYTES), timedOut: false };
    this.running.set(item.buildId, build);
    let timer: NodeJS.Timeout | undefined;
    const work = await mkdtemp(join(tmpdir(), `mbd-build-${item.buildId}-`));
    try {
      const distribution = parseDistributionName(item.distribution);
      const codename = buildCodenameOf(item.distribution);
      const started = await this.decide(item.uploadId, {
        type: 'StartBuild',
        data: { buildId: item.buildId, architecture: item.architecture, builder: this.builder.name, chroot: `${codename}-${item.architecture}` },
      });
      if (started === 0) return; // cancelled or taken meanwhile
      this.logger.log(`building ${item.source} ${item.version} for ${item.architecture} (${item.buildId})`);
      const { dscPath, accepted } = await this.unpackSource(item.uploadId, join(work, 'source'));
      const options = uploadBuildOptions(accepted, item.architecture);
      const extraRepositories = distribution ? await this.archiveSources(distribution.repository, codename, distribution.suite, work, options.aptPriority) : [];
      let result: BuildResult;
      for (let attempt = 1; ; attempt += 1) {
        const outputDir = join(work, `out-${attempt}`);
        await mkdir(outputDir, { recursive: true });
        const run = this.builder.build(
          { buildId: item.buildId, dsc: dscPath, distribution: item.distribution, codename, architecture: item.architecture, archAll: item.archAll, outputDir, extraRepositories, ...options.job },
          build.abort.signal,
        );
        run.log.subscribe({ next: (line) => build.log.next(line), error: () => undefined });
        // The time limit counts from the moment the builder runs it (not while it waits for a slot).
        run.started.then(
          () => {
            if (this.running.get(item.buildId) !== build || build.log.isComplete) return;
            timer = setTimeout(() => {
              build.timedOut = true;
              build.abort.abort();
            }, this.config.buildTimeoutS * 1000);
          },
          () => undefined,
        );
        result = await run.result;
        clearTimeout(timer);
        if (!isPassingFailure(result) || attempt >= BUILD_ATTEMPTS || build.abort.signal.aborted) break;
        const delayMs = this.retryDelayMs(attempt + 1);
        const note = `mbd: ${result.reason}; this passes (a mirror, or this archive publishing meanwhile): building again in ${Math.round(delayMs / 1000)} s (attempt ${attempt + 1} of ${BUILD_ATTEMPTS})`;
        build.log.next(note);
        this.logger.warn(`${item.source} ${item.version} for ${item.architecture}: ${note}`);
        await setTimeout$(delayMs, undefined, { signal: build.abort.signal }).catch(() => undefined);
        if (build.abort.signal.aborted) return; // cancelled while waiting: the BuildCancelled event already tells
      }
      await this.record(item, result, options.runLintian, { dsc: dscPath, accepted, extraRepositories, signal: build.abort.signal });
    } catch (error) {
      clearTimeout(timer);
      if (build.timedOut) {
        await this.recordTimeout(item, error);
        return;
      }
      if (build.abort.signal.aborted) return; // the BuildCancelled event already tells
      this.logger.error(`build ${item.buildId} could not run: ${messageOf(error)}`);
      await this.decide(item.uploadId, {
        type: 'RecordBuildFailure',
        data: { buildId: item.buildId, architecture: item.architecture, status: 'failed', reason: `could not run the build: ${messageOf(error)}` },
      }).catch(() => undefined);
    } finally {
      build.log.complete();
      await rm(work, { recursive: true, force: true }).catch((error: unknown) => this.logger.warn(`could not remove ${work}: ${messageOf(error)}`));
      this.running.delete(item.buildId);
      if (!this.stopped) void this.pump(await this.store.headPosition()).catch(() => undefined);
    }
  }

  private async recordTimeout(item: BuildQueueItem, error: unknown): Promise<void> {
    const logFile = error instanceof BuildCancelledError ? error.logFile : undefined;
    const log = logFile ? await this.storeFile(logFile).catch(() => undefined) : undefined;
    const reason = `timed out after ${this.config.buildTimeoutS} s (MBD_BUILD_TIMEOUT_S); the build was stopped`;
    this.logger.warn(`build of ${item.source} ${item.version} for ${item.architecture} ${reason}`);
    await this.decide(item.uploadId, {
      type: 'RecordBuildFailure',
      data: { buildId: item.buildId, architecture: item.architecture, status: 'timed-out', reason, ...(log ? { log } : {}) },
    }).catch((failure: unknown) => this.logger.error(`could not record the timeout of ${item.buildId}: ${messageOf(failure)}`));
  }

  private async record(item: BuildQueueItem, result: BuildResult, runLintian: boolean, qaInputs: QaInputs | RemoteQa, actor?: Actor): Promise<void> {
    const log = await this.storeFile(result.logFile).catch(() => undefined);
    if (result.status === 'successful' && result.changesFile && log) {
      const mismatch = await this.mismatchOf(item, result.changesFile);
      if (mismatch !== undefined) {
        await this.decideAs(actor, item.uploadId, {
          type: 'RecordBuildFailure',
          data: { buildId: item.buildId, architecture: item.architecture, status: 'wrong-result', reason: mismatch, log },
        });
        this.logger.warn(`build of ${item.source} ${item.version} for ${item.architecture} refused: ${mismatch}`);
        return;
      }
      const changesFile = result.changesFile;
      // lintian takes seconds: it runs while the result is stored and piuparts and autopkgtest run, and BuildSucceeded waits for it.
      const linting = !runLintian
        ? Promise.resolve(undefined)
        : this.lintian.check(changesFile).catch((error: unknown) => {
            this.logger.warn(`lintian could not check ${basename(changesFile)}: ${messageOf(error)}`);
            return undefined;
          });
      let files: FileRef[];
      let qa: Partial<Record<'piuparts' | 'autopkgtest', QaCheckResult>>;
      try {
        const changes = parseChanges(await readFile(changesFile), { what: basename(changesFile) });
        files = [await this.storeFile(changesFile)];
        for (const file of changes.files) files.push(await this.storeFile(join(dirname(changesFile), file.name)));
        qa = 'remote' in qaInputs ? this.qaNotRun(item, qaInputs) : await this.runQa(item, changesFile, changes.files.map((file) => file.name), qaInputs);
      } finally {
        await linting; // never left running past the build (its work directory goes next)
      }
      const report = await linting;
      await this.decideAs(actor, item.uploadId, {
        type: 'RecordBuildSuccess',
        data: {
          buildId: item.buildId,
          architecture: item.architecture,
          files,
          log,
          seconds: Math.round(result.seconds),
          ...(report ? { lintian: { errors: report.errors, warnings: report.warnings, tags: lintianTagLines(report) } } : {}),
          ...qa,
        },
      });
      this.logger.log(`built ${item.source} ${item.version} for ${item.architecture} in ${Math.round(result.seconds)} s`);
      return;
    }
    await this.decideAs(actor, item.uploadId, {
      type: 'RecordBuildFailure',
      data: { buildId: item.buildId, architecture: item.architecture, status: result.status, reason: result.reason, ...(log ? { log } : {}) },
    });
    this.logger.warn(`build of ${item.source} ${item.version} for ${item.architecture} failed: ${result.reason}`);
  }

  /**
   * piuparts and autopkgtest on a successful build, those whose mode for its architecture is not disabled
   * (qaToolsToRun), in the build's chroot; their verdicts and their logs (in the blob store) for BuildSucceeded.
   */
  private async runQa(item: BuildQueueItem, changesFile: string, listed: readonly string[], inputs: QaInputs): Promise<Partial<Record<'piuparts' | 'autopkgtest', QaCheckResult>>> {
    const distribution = parseDistributionName(item.distribution);
    const tools = this.qaToolsOf(item, inputs.accepted);
    if (!distribution || tools.length === 0) return {};
    this.logger.log(`running ${tools.join(' and ')} on ${item.source} ${item.version} for ${item.architecture}`);
    const outputDir = dirname(changesFile);
    const outcomes = await runBuildQa({ piuparts: this.piuparts, autopkgtest: this.autopkgtest }, tools, {
      chroot: await this.chroots.require(distribution.codename, item.architecture),
      dsc: inputs.dsc,
      debs: listed.filter((name) => name.endsWith('.deb')).map((name) => join(outputDir, name)),
      outputDir,
      stem: basename(buildLogName({ dsc: inputs.dsc, architecture: item.architecture }), '.build'),
      extraRepositories: inputs.extraRepositories,
      signal: inputs.signal,
    });
    const recorded: Partial<Record<'piuparts' | 'autopkgtest', QaCheckResult>> = {};
    for (const tool of tools) {
      const outcome = outcomes[tool];
      if (!outcome) continue;
      const log = outcome.logFile ? await this.storeFile(outcome.logFile).catch(() => undefined) : undefined;
      recorded[tool] = { status: outcome.status, summary: outcome.summary, ...(log ? { log } : {}) };
      this.logger.log(`${tool} on ${item.source} ${item.version} for ${item.architecture}: ${outcome.status} (${outcome.summary})`);
    }
    return recorded;
  }

  /** The QA tools whose mode for the build's architecture asks them to run (qaToolsToRun); none for an upload without its acceptance. */
  private qaToolsOf(item: BuildQueueItem, accepted: DataOf<typeof UploadAccepted> | undefined): ('piuparts' | 'autopkgtest')[] {
    const distribution = parseDistributionName(item.distribution);
    const config = distribution ? this.configuration.current().repositories.get(distribution.repository) : undefined;
    const settings = distribution && config ? distributionSettings(config, distribution.codename, distribution.suite) : undefined;
    return accepted && settings ? qaToolsToRun(checkModesOf(accepted, settings, item.architecture)) : [];
  }

  /** The QA results of a remote build: each tool asked for did not run, and says so (an `error` its mode judges). */
  private qaNotRun(item: BuildQueueItem, remote: RemoteQa): Partial<Record<'piuparts' | 'autopkgtest', QaCheckResult>> {
    const summary = `did not run: the build ran on the remote builder ${remote.remote}, and piuparts and autopkgtest run only on the daemon's own builds`;
    return Object.fromEntries(this.qaToolsOf(item, remote.accepted).map((tool) => [tool, { status: 'error', summary }]));
  }

  /** Why the built .changes and packages are not the upload's (resultMismatch), or undefined when they are. */
  private async mismatchOf(item: BuildQueueItem, changesFile: string): Promise<string | undefined> {
    try {
      const changes = parseChanges(await readFile(changesFile), { what: basename(changesFile) });
      const packages = [];
      for (const file of changes.files.filter((listed) => /\.u?deb$/.test(listed.name))) {
        packages.push({ file: file.name, identity: await readDebIdentity(join(dirname(changesFile), file.name)) });
      }
      return resultMismatch(item, { changesName: basename(changesFile), source: changes.source, version: formatVersion(changes.version), packages });
    } catch (error) {
      return `the build's result could not be read: ${messageOf(error)}; nothing of it is installed`;
    }
  }

  private async storeFile(path: string): Promise<FileRef> {
    const ref = await this.blobs.putFile(path);
    return { name: basename(path), ...ref };
  }

  /**
   * Copies the source files from the blob store (checked by hash) and returns the .dsc's path: the
   * upload's own files and those the .dsc names that the packager took from the repository's pool (an
   * orig tarball the upload left out); and the upload's acceptance (its options).
   */
  private async unpackSource(uploadId: string, dir: string): Promise<{ dscPath: string; accepted?: DataOf<typeof UploadAccepted> }> {
    const { files, dsc, accepted } = await buildSourceFiles(this.store, uploadId);
    await mkdir(dir, { recursive: true });
    for (const file of files) await this.blobs.copyTo(file.sha256, join(dir, file.name));
    return { dscPath: join(dir, dsc.name), ...(accepted ? { accepted } : {}) };
  }

  /** The repository's own distributions the build sees (archiveBuildSources), with the archive key in the work directory. */
  private async archiveSources(repository: string, codename: string, suite: string, work: string, aptPriority: number | undefined): Promise<ExtraRepository[]> {
    const config = this.configuration.current().repositories.get(repository);
    if (!config) return [];
    const keyFile = join(work, 'archive-key.asc');
    const sources = archiveBuildSources({ bind: this.config.bind, httpPort: this.config.httpPort, config, codename, suite, keyFile, ...(aptPriority === undefined ? {} : { aptPriority }) });
    if (sources.length > 0) await writeFile(keyFile, this.archiveKey.publicArmored);
    return sources;
  }

  /** Decides a build command on the upload stream; returns how many events it appended. */
  private decide(uploadId: string, command: Omit<BuildCommand, 'metadata'>): Promise<number> {
    return this.decideAs(undefined, uploadId, command);
  }

  /** decide, on behalf of `actor` (a remote builder) when given, else of the daemon. */
  private async decideAs(actor: Actor | undefined, uploadId: string, command: Omit<BuildCommand, 'metadata'>): Promise<number> {
    const record = () => handleCommand(this.store, uploadStream(uploadId), buildDecider, { ...command, metadata: daemonCommandMetadata(uploadId, undefined, actor) } as BuildCommand);
    // A build's result must not be lost to a short outage of the store (the build would stay "building" until a restart).
    const result = command.type === 'StartBuild' ? await record() : await retrying(record, DEFAULT_RETRY, (error, attempt) => {
      this.logger.warn(`could not record ${command.type} for ${uploadId} (attempt ${attempt}): ${messageOf(error)}`);
    });
    return result.events.length;
  }
}
