import { Inject, Injectable, Logger, Optional, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { buildDecider, foldEvents, parseDistributionName } from '@mbd/archive';
import { ChrootManager, LogReplay, digesting, fileDigest, resultFileProblem, resultManifestSchema, type BuildResult, type RemoteBuildJob, type ResultManifest } from '@mbd/builder';
import { InjectConfig, publicHostOf, type MbdConfig } from '@mbd/config';
import { BuildStarted, EventStore, builderStream, handleCommand, uploadStream, type Actor, type BuildResultRefusal, type RecordedEvent, type UploadEvent } from '@mbd/events';
import { ArchiveKey, Keyring, isSignatureError, verifyClearsigned } from '@mbd/gpg';
import { ProjectionsService, type BuildQueueItem } from '@mbd/projections';
import { BlobStore } from '@mbd/repository';
import { createWriteStream } from 'node:fs';
import { mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ConfigurationService } from '../configuration/configuration.service.js';
import { daemonCommandMetadata } from '../support/command-metadata.js';
import { BuildDispatcher } from './build-dispatcher.js';
import { archiveBuildSources } from './build-sources.js';
import { buildSourceFiles } from './build-source-files.js';
import { builderDecider, keyApproved, type BuilderAccount, type BuilderCommand } from './builder.decider.js';
import { BUILDER_CLOCK, BuilderRegistry, type BuilderStatus } from './builder-registry.js';
import { buildCodenameOf, claimCandidates, waitingReason, type BuildOffer } from './claim-choice.js';
import { RemoteBuildError } from './remote-build.error.js';
import { requeueDecider, stillRunning } from './requeue.decider.js';
import { uploadBuildOptions } from './upload-build-options.js';
import { LIVE_LOG_REPLAY_BYTES } from './build-dispatcher.js';

/** What a builder offers when it registers. */
export interface BuilderRegistrationRequest {
  readonly architectures: readonly string[];
  readonly codenames: readonly string[];
  readonly slots: number;
  readonly load: number;
  readonly publicKey: string;
}

/** A builder on the builders page and in the status: its presence, its key's approval, its running builds. */
export interface BuilderOverview extends BuilderStatus {
  readonly approved: boolean;
  readonly running: readonly string[];
}

/**
 * Keys an admin approved for a builder's account (its user account of role builder, approved through
 * set_user_key): given by the web layer, which owns the accounts.
 */
export type AccountKeys = readonly { readonly fingerprint: string; readonly armored: string }[];

/** The keys whose signatures builder `name` may give: its account's approved keys, and the key it registered when an admin approved it (mbd builder-approve). */
const approvedKeysOf = (account: BuilderAccount, accountKeys: AccountKeys): AccountKeys => [
  ...accountKeys,
  ...(keyApproved(account) && account.registered && !accountKeys.some((key) => key.fingerprint === account.registered!.fingerprint)
    ? [{ fingerprint: account.registered.fingerprint, armored: account.registered.publicKey }]
    : []),
];

/** At most this many result files per build (a .changes lists a few dozen at most). */
const MAX_RESULT_FILES = 1000;

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** The builder named in the BuildStarted of `buildId`, if the upload stream has one. */
const starterOf = (events: readonly RecordedEvent[], buildId: string): string | undefined =>
  events.filter((event) => BuildStarted.is(event) && event.data.buildId === buildId).map((event) => (event as BuildStarted).data.builder).at(-1);

/**
 * The daemon's side of remote builders (`mbd builder`). A builder registers (BuilderRegistered in
 * `builder-<name>` when what it offers changed) and heartbeats (in memory: BuilderRegistry); once an
 * admin approved its key (BuilderKeyApproved) it claims the next waiting build it has a chroot for, in
 * the build queue's fair order: StartBuild {builder: <name>} on the upload stream through the build
 * decider, so of two claimers only one wins. It fetches the sources, sends its log live (shown as a
 * local build's, BuildDispatcher.attachRemoteLog), its result files, then the manifest clearsigned
 * with its key; a good result is recorded as a local build's (BuildDispatcher.recordRemote). A refused
 * result (not its build, a wrong key, a bad manifest, a file that is not what it lists) is recorded as
 * BuildResultRefused and its build re-queued. A builder silent for MBD_BUILDER_TIMEOUT_S has its
 * builds re-queued ("builder <name> stopped answering"); a late result of such a build is refused.
 */
@Injectable()
export class RemoteBuilds implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('builders');
  readonly registry: BuilderRegistry;
  /** Builds claimed by a remote builder: build id → its upload, architecture and builder. */
  private readonly claimed = new Map<string, { readonly uploadId: string; readonly architecture: string; readonly builder: string }>();
  private readonly logs = new Map<string, LogReplay>();
  private sweeper: NodeJS.Timeout | undefined;
  private sweeping = Promise.resolve();

  constructor(
    @InjectConfig() private readonly config: MbdConfig,
    private readonly store: EventStore,
    private readonly blobs: BlobStore,
    private readonly projections: ProjectionsService,
    private readonly dispatcher: BuildDispatcher,
    private readonly configuration: ConfigurationService,
    private readonly archiveKey: ArchiveKey,
    private readonly chroots: ChrootManager,
    @Optional() @Inject(BUILDER_CLOCK) now?: () => number,
  ) {
    this.registry = new BuilderRegistry(config.builderTimeoutS * 1000, now);
  }

  onApplicationBootstrap(): void {
    // Builds a remote builder ran before this daemon started: it has the timeout to come back.
    void this.projections
      .listBuildQueue()
      .then((queue) => {
        for (const item of queue) if (item.state === 'building' && item.builder && this.isRemote(item.builder)) this.registry.expect(item.builder);
      })
      .catch((error: unknown) => this.logger.warn(`cannot read the build queue for remote builds: ${messageOf(error)}`));
    const everyMs = Math.max(500, Math.min(5000, (this.config.builderTimeoutS * 1000) / 4));
    this.sweeper = setInterval(() => void this.sweep(), everyMs);
  }

  onApplicationShutdown(): void {
    clearInterval(this.sweeper);
  }

  /** Records what a builder offers (only when it changed) and marks it online. */
  async register(name: string, request: BuilderRegistrationRequest, actor: Actor, accountKeys: AccountKeys = []): Promise<{ name: string; fingerprint: string; approved: boolean; heartbeatSeconds: number }> {
    if (!this.isRemote(name)) throw new RemoteBuildError(400, `'${name}' names the daemon's own builder; a remote builder needs another name`);
    const keyring = await Keyring.fromArmored(request.publicKey, `the key of builder ${name}`).catch((error: unknown) => {
      throw new RemoteBuildError(400, `the key of builder ${name} cannot be read: ${messageOf(error)}`);
    });
    if (keyring.size !== 1) throw new RemoteBuildError(400, `builder ${name} sent ${keyring.size} keys; it signs with one`);
    const fingerprint = keyring.fingerprints[0]!;
    const data = { name, architectures: [...request.architectures], codenames: [...request.codenames], slots: request.slots, fingerprint, publicKey: request.publicKey };
    const { state } = await this.decide(name, { type: 'RegisterBuilder', data }, actor);
    this.registry.register({ name, architectures: data.architectures, codenames: data.codenames, slots: data.slots, fingerprint, load: request.load });
    const approved = approvedKeysOf(state, accountKeys).some((key) => key.fingerprint === fingerprint);
    this.logger.log(`builder ${name} registered: ${data.architectures.join(' ')} for ${data.codenames.join(' ')}, ${data.slots} slot(s), key ${fingerprint}${approved ? '' : ' (not approved yet)'}`);
    return { name, fingerprint, approved, heartbeatSeconds: Math.max(1, Math.floor(this.config.builderTimeoutS / 4)) };
  }

  /** Marks the builder alive; answers the builds it reports running that are no longer its own (cancelled, re-queued, finished). */
  async heartbeat(name: string, load: number, running: readonly string[]): Promise<{ cancel: string[] }> {
    if (!this.registry.heartbeat(name, load)) throw new RemoteBuildError(409, `builder ${name} has not registered with this daemon (since it started): register first`);
    if (running.length === 0) return { cancel: [] };
    const queue = await this.projections.listBuildQueue({ finishedLimit: 1000 });
    const byId = new Map(queue.map((item) => [item.buildId, item]));
    const cancel = running.filter((buildId) => {
      const item = byId.get(buildId);
      if (item?.state === 'needs-build') return false; // the read model has not seen the claim yet
      return !(item?.state === 'building' && item.builder === name);
    });
    return { cancel };
  }

  /** Approves the key builder `name` registered (an admin's call). */
  async approve(name: string, fingerprint: string, actor: Actor): Promise<{ name: string; fingerprint: string; approved: true }> {
    await this.decide(name, { type: 'ApproveBuilderKey', data: { name, fingerprint } }, actor);
    return { name, fingerprint, approved: true };
  }

  /**
   * The next waiting build builder `name` can take (its architectures and codenames, the queue's fair
   * order), started on it through the build decider; undefined when none waits or its slots are full.
   */
  async claim(name: string, actor: Actor, accountKeys: AccountKeys = []): Promise<RemoteBuildJob | undefined> {
    const presence = this.registry.get(name);
    if (!presence || presence.state !== 'online') throw new RemoteBuildError(409, `builder ${name} has not registered with this daemon (or stopped answering): register first`);
    const account = await this.account(name);
    if (!approvedKeysOf(account, accountKeys).some((key) => key.fingerprint === presence.fingerprint))
      throw new RemoteBuildError(403, `the key ${presence.fingerprint} of builder ${name} is not approved: an admin runs mbd builder-approve ${name} ${presence.fingerprint}`);
    await this.projections.waitForPosition(await this.store.headPosition(), 30_000);
    const queue = await this.projections.listBuildQueue();
    const runningHere = queue.filter((item) => item.state === 'building' && item.builder === name).length;
    if (runningHere >= presence.slots) return undefined;
    for (const item of claimCandidates(queue, presence)) {
      const codename = buildCodenameOf(item.distribution);
      const { events } = await handleCommand(this.store, uploadStream(item.uploadId), buildDecider, {
        type: 'StartBuild',
        data: { buildId: item.buildId, architecture: item.architecture, builder: name, chroot: `${codename}-${item.architecture}` },
        metadata: daemonCommandMetadata(item.uploadId, undefined, actor),
      });
      if (events.length === 0) continue; // another builder (or the daemon) took it meanwhile
      this.claimed.set(item.buildId, { uploadId: item.uploadId, architecture: item.architecture, builder: name });
      const log = new LogReplay(LIVE_LOG_REPLAY_BYTES);
      this.logs.set(item.buildId, log);
      this.dispatcher.attachRemoteLog(item.buildId, log);
      this.logger.log(`builder ${name} took ${item.source} ${item.version} for ${item.architecture} (${item.buildId})`);
      return this.jobOf(item, codename);
    }
    return undefined;
  }

  /** A source file of a build builder `name` holds: its blob's SHA-256 and the bytes. */
  async sourceFile(name: string, buildId: string, file: string): Promise<Buffer> {
    const held = await this.held(name, buildId);
    const { files } = await buildSourceFiles(this.store, held.uploadId);
    const ref = files.find((candidate) => candidate.name === file);
    if (!ref) throw new RemoteBuildError(404, `build ${buildId} has no source file ${file}`);
    return this.blobs.read(ref.sha256);
  }

  /** Lines of the live log of a build builder `name` holds. */
  async appendLog(name: string, buildId: string, lines: readonly string[]): Promise<void> {
    await this.held(name, buildId);
    const log = this.logs.get(buildId) ?? new LogReplay(LIVE_LOG_REPLAY_BYTES);
    if (!this.logs.has(buildId)) {
      this.logs.set(buildId, log);
      this.dispatcher.attachRemoteLog(buildId, log);
    }
    for (const line of lines) log.next(line);
  }

  /** Keeps one result file of a build builder `name` holds, until its manifest comes (at most MBD_MAX_UPLOAD_FILE_BYTES). */
  async putResultFile(name: string, buildId: string, file: string, body: Readable): Promise<{ name: string; size: number; sha256: string }> {
    await this.held(name, buildId);
    const dir = this.stagingDir(buildId);
    await mkdir(dir, { recursive: true });
    if ((await readdir(dir)).length >= MAX_RESULT_FILES) throw new RemoteBuildError(413, `build ${buildId} already sent ${MAX_RESULT_FILES} result files`);
    const limit = this.config.maxUploadFileBytes;
    const counting = digesting(limit, () => new RemoteBuildError(413, `${file} is larger than ${limit} bytes (MBD_MAX_UPLOAD_FILE_BYTES)`));
    const target = join(dir, file);
    try {
      await pipeline(body, counting.stream, createWriteStream(target));
    } catch (error) {
      await rm(target, { force: true });
      throw error;
    }
    return { name: file, ...counting.digest() };
  }

  /**
   * Takes the result of a build builder `name` holds: its manifest clearsigned by the builder's approved
   * key, listing the files it sent (each checked by size and SHA-256); then records it as a local
   * build's. Anything wrong is refused (BuildResultRefused, the build re-queued) with the reason.
   */
  async submitResult(name: string, buildId: string, signedManifest: string, actor: Actor, accountKeys: AccountKeys = []): Promise<{ buildId: string; recorded: string }> {
    const uploadId = this.claimed.get(buildId)?.uploadId ?? (await this.queueItem(buildId))?.uploadId;
    const events = uploadId ? await this.store.readStream(uploadStream(uploadId)) : [];
    const state = foldEvents(buildDecider, events as RecordedEvent<UploadEvent>[]);
    const item = uploadId ? await this.queueItem(buildId) : undefined;
    const architecture = item?.architecture ?? this.claimed.get(buildId)?.architecture;
    if (!uploadId || !architecture || !stillRunning(state, architecture, buildId) || starterOf(events, buildId) !== name) {
      return this.refuse(name, buildId, 'not-claimed', 409, `build ${buildId} is not running on builder ${name} (it was re-queued, cancelled or finished, or another builder took it); its result is not taken`, undefined);
    }
    const held = { uploadId, architecture };
    const approvedKeys = approvedKeysOf(await this.account(name), accountKeys);
    if (approvedKeys.length === 0) {
      return this.refuse(name, buildId, 'key-not-approved', 403, `builder ${name} has no approved key; its result is not taken`, held);
    }
    let manifest: ResultManifest;
    try {
      const keyring = await Keyring.fromArmored(approvedKeys.map((key) => key.armored).join('\n'), `the approved keys of builder ${name}`);
      const { signedText } = await verifyClearsigned(signedManifest, keyring, { source: `the result manifest of ${buildId}` });
      const parsed = resultManifestSchema.safeParse(JSON.parse(signedText));
      if (!parsed.success) return this.refuse(name, buildId, 'bad-manifest', 400, `the result manifest of ${buildId} is not one: ${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`, held);
      manifest = parsed.data;
    } catch (error) {
      if (error instanceof RemoteBuildError) throw error;
      if (isSignatureError(error)) return this.refuse(name, buildId, 'bad-signature', 403, `${messageOf(error)} (builder ${name}'s approved keys: ${approvedKeys.map((key) => key.fingerprint).join(', ')})`, held);
      return this.refuse(name, buildId, 'bad-manifest', 400, `the result manifest of ${buildId} cannot be read: ${messageOf(error)}`, held);
    }
    if (manifest.buildId !== buildId) return this.refuse(name, buildId, 'bad-manifest', 400, `the manifest is for build ${manifest.buildId}, not ${buildId}`, held);
    const received = await this.received(buildId);
    const problem = resultFileProblem(manifest, (file) => received.get(file));
    if (problem) return this.refuse(name, buildId, problem.reason, 400, problem.message, held);
    const dir = this.stagingDir(buildId);
    const result: BuildResult = {
      buildId,
      status: manifest.status,
      ...(manifest.failStage ? { failStage: manifest.failStage } : {}),
      reason: manifest.reason,
      ...(manifest.changes ? { changesFile: join(dir, manifest.changes) } : {}),
      files: manifest.files.map((file) => join(dir, file.name)),
      // record() stores the log when there is one; a missing path is "no log".
      logFile: join(dir, manifest.log ?? '.no-log'),
      seconds: manifest.seconds,
      summary: {},
      stages: manifest.stages,
    };
    const queued = item ?? (await this.queueItem(buildId));
    if (!queued) throw new Error(`build ${buildId} is not in the build queue`);
    try {
      await this.dispatcher.recordRemote(queued, result, name, actor);
    } finally {
      await this.forget(buildId);
    }
    this.logger.log(`builder ${name} returned ${queued.source} ${queued.version} for ${queued.architecture}: ${manifest.status}`);
    return { buildId, recorded: manifest.status === 'successful' ? 'BuildSucceeded or BuildFailed (result checks)' : 'BuildFailed' };
  }

  /** The builders this daemon heard of since it started, with their state, key approval and running builds. */
  async list(accountKeysOf: (name: string) => AccountKeys = () => []): Promise<BuilderOverview[]> {
    const queue = await this.projections.listBuildQueue();
    const overviews: BuilderOverview[] = [];
    for (const status of this.registry.list()) {
      const account = await this.account(status.name).catch(() => ({ approved: new Set<string>() }) as BuilderAccount);
      overviews.push({
        ...status,
        approved: approvedKeysOf(account, accountKeysOf(status.name)).some((key) => key.fingerprint === status.fingerprint),
        running: queue.filter((item) => item.state === 'building' && item.builder === status.name).map((item) => item.buildId),
      });
    }
    return overviews;
  }

  /** Why each waiting build of `queue` has no builder (no online builder and no local slot offers its architecture for its codename). */
  async waitingReasons(queue: readonly BuildQueueItem[]): Promise<Map<string, string>> {
    const offers: BuildOffer[] = this.registry.online();
    if (this.config.buildJobs > 0) {
      const chroots = await this.chroots.list();
      for (const chroot of chroots) offers.push({ architectures: [chroot.architecture], codenames: [chroot.codename] });
    }
    const reasons = new Map<string, string>();
    for (const item of queue) {
      const reason = waitingReason(item, offers);
      if (reason) reasons.set(item.buildId, reason);
    }
    return reasons;
  }

  /**
   * Re-queues the builds of builders that stopped answering (one sweep at a time). Every sweep looks at
   * every silent builder: a re-queue that failed (a store hiccup) is tried again; one that was done is
   * not done twice (requeueDecider acts only while it is still that build).
   */
  sweep(): Promise<void> {
    this.sweeping = this.sweeping.then(async () => {
      const silent = this.registry.silent();
      if (silent.length === 0) return;
      const queue = await this.projections.listBuildQueue();
      for (const { name, newly } of silent) {
        const builds = queue.filter((item) => item.state === 'building' && item.builder === name);
        if (builds.length === 0 && !newly) continue;
        if (newly) this.logger.warn(`builder ${name} stopped answering (no heartbeat for ${this.config.builderTimeoutS} s, MBD_BUILDER_TIMEOUT_S); re-queueing ${builds.length} build(s)`);
        for (const item of builds) await this.requeue(item, `builder ${name} stopped answering`).catch((error: unknown) => this.logger.error(`could not re-queue ${item.buildId}: ${messageOf(error)}`));
      }
    }).catch((error: unknown) => this.logger.error(`cannot look for silent builders: ${messageOf(error)}`));
    return this.sweeping;
  }

  private isRemote(name: string): boolean {
    return name !== 'local' && !name.startsWith('local@');
  }

  private async jobOf(item: BuildQueueItem, codename: string): Promise<RemoteBuildJob> {
    const { files, dsc, accepted } = await buildSourceFiles(this.store, item.uploadId);
    const options = uploadBuildOptions(accepted, item.architecture);
    const distribution = parseDistributionName(item.distribution);
    const config = distribution ? this.configuration.current().repositories.get(distribution.repository) : undefined;
    const sources =
      distribution && config
        ? archiveBuildSources({
            bind: publicHostOf(this.config),
            httpPort: this.config.httpPort,
            config,
            codename,
            suite: distribution.suite,
            keyFile: 'archive-key.asc',
            ...(options.aptPriority === undefined ? {} : { aptPriority: options.aptPriority }),
          })
        : [];
    return {
      buildId: item.buildId,
      uploadId: item.uploadId,
      source: item.source,
      version: item.version,
      distribution: item.distribution,
      codename,
      architecture: item.architecture,
      archAll: item.archAll,
      options: {
        ...(options.job.debBuildOptions ? { debBuildOptions: [...options.job.debBuildOptions] } : {}),
        ...(options.job.debBuildProfiles ? { debBuildProfiles: [...options.job.debBuildProfiles] } : {}),
        ...(options.job.addDepends ? { addDepends: [...options.job.addDepends] } : {}),
      },
      extraRepositories: sources.map((source) => ({ line: source.line, signedByArchiveKey: source.keyFile !== undefined, ...(source.pin ? { pin: source.pin } : {}) })),
      archiveKey: this.archiveKey.publicArmored,
      dsc: dsc.name,
      files: files.map((file) => ({ name: file.name, sha256: file.sha256, size: file.size, url: `/api/builds/${encodeURIComponent(item.buildId)}/source/${encodeURIComponent(file.name)}` })),
    };
  }

  /** The build `buildId` when builder `name` holds it (it claimed it and it still runs there); refused otherwise. */
  private async held(name: string, buildId: string): Promise<{ uploadId: string; architecture: string }> {
    const known = this.claimed.get(buildId);
    if (known?.builder === name) return known;
    const item = await this.queueItem(buildId);
    if (item?.state === 'building' && item.builder === name) {
      const held = { uploadId: item.uploadId, architecture: item.architecture, builder: name };
      this.claimed.set(buildId, held);
      return held;
    }
    throw new RemoteBuildError(409, `build ${buildId} is not running on builder ${name}`);
  }

  private async queueItem(buildId: string): Promise<BuildQueueItem | undefined> {
    return (await this.projections.listBuildQueue({ finishedLimit: 1000 })).find((item) => item.buildId === buildId);
  }

  private async refuse(
    name: string,
    buildId: string,
    reason: BuildResultRefusal,
    status: RemoteBuildError['status'],
    message: string,
    held: { uploadId: string; architecture: string } | undefined,
  ): Promise<never> {
    const requeued = held ? await this.requeue({ uploadId: held.uploadId, architecture: held.architecture, buildId }, `the result from builder ${name} was refused: ${message}`.slice(0, 1000)) : false;
    // What another builder holds under this id is left alone: only the refused builder's own state goes.
    if (held || this.claimed.get(buildId)?.builder === name) await this.forget(buildId);
    await this.decide(name, { type: 'RefuseBuildResult', data: { builder: name, buildId, reason, message: message.slice(0, 2000), requeued } }, { kind: 'daemon' }).catch((error: unknown) =>
      this.logger.error(`could not record the refused result of ${buildId}: ${messageOf(error)}`),
    );
    this.logger.warn(`refused the result of ${buildId} from builder ${name} (${reason}): ${message}`);
    throw new RemoteBuildError(status, `${message}${requeued ? '; the build was requested again' : ''}`);
  }

  /** Cancels the build and requests it again in one append, while it is still that build (requeueDecider); true when it did. */
  private async requeue(build: { uploadId: string; architecture: string; buildId: string }, reason: string): Promise<boolean> {
    const metadata = daemonCommandMetadata(build.uploadId);
    const { events } = await handleCommand(this.store, uploadStream(build.uploadId), requeueDecider, {
      type: 'RequeueBuild',
      buildId: build.buildId,
      cancel: { type: 'CancelBuild', data: { architecture: build.architecture, reason }, metadata },
      retry: { type: 'RetryBuild', data: { architecture: build.architecture }, metadata },
    });
    await this.forget(build.buildId);
    if (events.length > 0) this.logger.warn(`re-queued ${build.buildId}: ${reason}`);
    return events.length > 0;
  }

  private async forget(buildId: string): Promise<void> {
    this.claimed.delete(buildId);
    this.logs.delete(buildId);
    this.dispatcher.detachRemoteLog(buildId);
    await rm(this.stagingDir(buildId), { recursive: true, force: true }).catch(() => undefined);
  }

  /** Size and SHA-256 of each result file received for a build. */
  private async received(buildId: string): Promise<Map<string, { sha256: string; size: number }>> {
    const dir = this.stagingDir(buildId);
    const files = new Map<string, { sha256: string; size: number }>();
    for (const name of await readdir(dir).catch(() => [] as string[])) files.set(name, await fileDigest(join(dir, name)));
    return files;
  }

  private stagingDir(buildId: string): string {
    if (!/^[A-Za-z0-9][A-Za-z0-9._:+~-]*$/.test(buildId)) throw new RemoteBuildError(400, `'${buildId.slice(0, 100)}' is no build id`);
    return join(this.config.dataDir, 'remote-results', buildId);
  }

  private async account(name: string): Promise<BuilderAccount> {
    return foldEvents(builderDecider, (await this.store.readStream(builderStream(name))) as never[]);
  }

  private decide(name: string, command: Omit<BuilderCommand, 'metadata'>, actor: Actor) {
    return handleCommand(this.store, builderStream(name), builderDecider, { ...command, metadata: daemonCommandMetadata(builderStream(name), undefined, actor) } as BuilderCommand);
  }
}
