import { Inject, Injectable, Logger, Optional, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { buildDecider, foldEvents, parseDistributionName } from '@mbd/archive';
import { ChrootManager, LogReplay, digesting, resultFileProblem, resultManifestSchema, type BuildResult, type BuilderOffer, type RemoteBuildJob, type ResultManifest } from '@mbd/builder';
import { InjectConfig, daemonNameOf, publicHostOf, type MbdConfig } from '@mbd/config';
import { BuildFailed, BuildStarted, BuildSucceeded, EventStore, builderStream, handleCommand, uploadStream, type Actor, type BuildResultRefusal, type RecordedEvent, type UploadEvent } from '@mbd/events';
import { ArchiveKey, Keyring, isSignatureError, verifyClearsigned } from '@mbd/gpg';
import { ProjectionsService, type BuildQueueItem } from '@mbd/projections';
import { BlobStore } from '@mbd/repository';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
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

/** What a builder offers when it registers: the builder role's own offer (libs/builder/src/remote). */
export type BuilderRegistrationRequest = BuilderOffer;

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

/** A build id as the remote builds' routes take it (also the name of its directory under remote-results). */
export const remoteBuildIdPattern = /^[A-Za-z0-9][A-Za-z0-9._:+~-]{0,199}$/;

/** Size and SHA-256 of a result file as it was written. */
interface ReceivedFile {
  readonly sha256: string;
  readonly size: number;
}

/** A build's upload stream read: where it lives, its events, and the builder holding it while it runs there. */
interface BuildRecord {
  readonly uploadId: string;
  readonly architecture: string;
  readonly events: readonly RecordedEvent[];
  readonly holder: string | undefined;
}

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** The builder named in the BuildStarted of `buildId`, if the upload stream has one. */
const starterOf = (events: readonly RecordedEvent[], buildId: string): string | undefined =>
  events.filter((event) => BuildStarted.is(event) && event.data.buildId === buildId).map((event) => (event as BuildStarted).data.builder).at(-1);

/** The result recorded for `buildId` (BuildSucceeded or BuildFailed), if the upload stream has one. */
const resultOf = (events: readonly RecordedEvent[], buildId: string): string | undefined =>
  events.find((event) => (BuildSucceeded.is(event) || BuildFailed.is(event)) && event.data.buildId === buildId)?.type;

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
 * builds re-queued ("builder <name> stopped answering") by the daemon it registered with last (its
 * BuilderRegistered names it: of several daemons on one store only that one hears its heartbeats); a
 * late result of such a build is refused. Which builder holds a build is read from its upload stream
 * (holder of buildRecord); the calls of one build (result files, its result) and the claims of one
 * builder run one at a time.
 */
@Injectable()
export class RemoteBuilds implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('builders');
  readonly registry: BuilderRegistry;
  /** Where the builds remote builders claimed live: build id → its upload and architecture (these never change; who holds it does, read from the stream). */
  private readonly places = new Map<string, { readonly uploadId: string; readonly architecture: string }>();
  /** The result files received for each build (as putResultFile wrote them), until its result is taken or refused. */
  private readonly staged = new Map<string, Map<string, ReceivedFile>>();
  /** The tail of the calls running for one key (a build id, or `builder <name>` for claims), so that they run one at a time. */
  private readonly locks = new Map<string, Promise<void>>();
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
    void this.expectRunningBuilders().catch((error: unknown) => this.logger.warn(`cannot read the build queue for remote builds: ${messageOf(error)}`));
    const everyMs = Math.max(500, Math.min(5000, (this.config.builderTimeoutS * 1000) / 4));
    this.sweeper = setInterval(() => void this.sweep(), everyMs);
  }

  onApplicationShutdown(): void {
    clearInterval(this.sweeper);
  }

  /**
   * Builds a remote builder ran before this daemon started (the queue read once the read model has
   * caught up with the log): it has the timeout to come back, when it registered with this daemon last.
   */
  private async expectRunningBuilders(): Promise<void> {
    await this.projections.waitForPosition(await this.store.headPosition(), 60_000);
    const queue = await this.projections.listBuildQueue();
    const names = new Set(queue.filter((item) => item.state === 'building' && item.builder && this.isRemote(item.builder)).map((item) => item.builder!));
    for (const name of names) {
      const elsewhere = await this.registeredElsewhere(name);
      if (elsewhere) this.logger.log(`builder ${name} works through daemon ${elsewhere}: its builds are that daemon's to re-queue`);
      else this.registry.expect(name);
    }
  }

  /** The other daemon builder `name` registered with last (its last BuilderRegistered), undefined when it is this one (or unknown). */
  private async registeredElsewhere(name: string): Promise<string | undefined> {
    const daemon = (await this.account(name)).registered?.daemon;
    return daemon !== undefined && daemon !== daemonNameOf(this.config) ? daemon : undefined;
  }

  /** Records what a builder offers (only when it changed; its slots at most MBD_BUILDER_MAX_SLOTS) and through which daemon, and marks it online. */
  async register(
    name: string,
    request: BuilderRegistrationRequest,
    actor: Actor,
    accountKeys: AccountKeys = [],
  ): Promise<{ name: string; fingerprint: string; approved: boolean; slots: number; heartbeatSeconds: number }> {
    if (!this.isRemote(name)) throw new RemoteBuildError(400, `'${name}' names the daemon's own builder; a remote builder needs another name`);
    const keyring = await Keyring.fromArmored(request.publicKey, `the key of builder ${name}`).catch((error: unknown) => {
      throw new RemoteBuildError(400, `the key of builder ${name} cannot be read: ${messageOf(error)}`);
    });
    if (keyring.size !== 1) throw new RemoteBuildError(400, `builder ${name} sent ${keyring.size} keys; it signs with one`);
    const fingerprint = keyring.fingerprints[0]!;
    const slots = Math.min(request.slots, this.config.builderMaxSlots);
    const data = { name, architectures: [...request.architectures], codenames: [...request.codenames], slots, fingerprint, publicKey: request.publicKey, daemon: daemonNameOf(this.config) };
    const { state } = await this.decide(name, { type: 'RegisterBuilder', data }, actor);
    this.registry.register({ name, architectures: data.architectures, codenames: data.codenames, slots: data.slots, fingerprint, load: request.load });
    const approved = approvedKeysOf(state, accountKeys).some((key) => key.fingerprint === fingerprint);
    const capped = slots < request.slots ? ` (it offered ${request.slots}; MBD_BUILDER_MAX_SLOTS)` : '';
    this.logger.log(`builder ${name} registered: ${data.architectures.join(' ')} for ${data.codenames.join(' ')}, ${slots} slot(s)${capped}, key ${fingerprint}${approved ? '' : ' (not approved yet)'}`);
    return { name, fingerprint, approved, slots, heartbeatSeconds: Math.max(1, Math.floor(this.config.builderTimeoutS / 4)) };
  }

  /** Marks the builder alive; answers the builds it reports running that are no longer its own (cancelled, re-queued, finished). */
  async heartbeat(name: string, load: number, running: readonly string[]): Promise<{ cancel: string[] }> {
    if (!this.registry.heartbeat(name, load)) throw new RemoteBuildError(409, `builder ${name} has not registered with this daemon (since it started): register first`);
    if (running.length === 0) return { cancel: [] };
    const queue = running.some((buildId) => !this.places.has(buildId)) ? await this.projections.listBuildQueue({ finishedLimit: 1000 }) : undefined;
    const cancel: string[] = [];
    for (const buildId of running) if ((await this.buildRecord(buildId, queue))?.holder !== name) cancel.push(buildId);
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
  claim(name: string, actor: Actor, accountKeys: AccountKeys = []): Promise<RemoteBuildJob | undefined> {
    // One claim of a builder at a time: two at once would both see a free slot.
    return this.locked(`builder ${name}`, () => this.claimOne(name, actor, accountKeys));
  }

  private async claimOne(name: string, actor: Actor, accountKeys: AccountKeys): Promise<RemoteBuildJob | undefined> {
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
      this.places.set(item.buildId, { uploadId: item.uploadId, architecture: item.architecture });
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

  /**
   * Keeps one result file of a build builder `name` holds, until its manifest comes: at most
   * MBD_MAX_UPLOAD_FILE_BYTES each, MBD_MAX_UPLOAD_BYTES and MAX_RESULT_FILES files per build. The
   * files of one build arrive one at a time, and none while its result is being taken.
   */
  putResultFile(name: string, buildId: string, file: string, body: Readable): Promise<{ name: string; size: number; sha256: string }> {
    return this.locked(buildId, async () => {
      const held = await this.held(name, buildId);
      const received = this.staged.get(buildId) ?? new Map<string, ReceivedFile>();
      this.staged.set(buildId, received);
      received.delete(file);
      if (received.size >= MAX_RESULT_FILES) throw new RemoteBuildError(413, `build ${buildId} already sent ${MAX_RESULT_FILES} result files`);
      const { maxUploadFileBytes, maxUploadBytes } = this.config;
      const left = maxUploadBytes - [...received.values()].reduce((sum, sent) => sum + sent.size, 0);
      const tooLarge = () =>
        left < maxUploadFileBytes
          ? new RemoteBuildError(413, `the result files of build ${buildId} are larger than ${maxUploadBytes} bytes together (MBD_MAX_UPLOAD_BYTES)`)
          : new RemoteBuildError(413, `${file} is larger than ${maxUploadFileBytes} bytes (MBD_MAX_UPLOAD_FILE_BYTES)`);
      if (left <= 0) throw tooLarge();
      const counting = digesting(Math.min(left, maxUploadFileBytes), tooLarge);
      const dir = this.stagingDir(buildId);
      await mkdir(dir, { recursive: true });
      const target = join(dir, file);
      try {
        await pipeline(body, counting.stream, createWriteStream(target));
      } catch (error) {
        await rm(target, { force: true });
        throw error;
      }
      const digest = counting.digest();
      // A build re-queued meanwhile (its staging forgotten) keeps nothing.
      if (this.staged.get(buildId) === received) received.set(file, digest);
      this.places.set(buildId, held);
      return { name: file, ...digest };
    });
  }

  /**
   * Takes the result of a build builder `name` holds: its manifest clearsigned by the builder's approved
   * key, listing the files it sent (each checked by size and SHA-256); then records it as a local
   * build's. Anything wrong is refused (BuildResultRefused, the build re-queued) with the reason.
   */
  submitResult(name: string, buildId: string, signedManifest: string, actor: Actor, accountKeys: AccountKeys = []): Promise<{ buildId: string; recorded: string }> {
    // One result of a build at a time, and no result file while it is taken: a retry waits for the first.
    return this.locked(buildId, () => this.takeResult(name, buildId, signedManifest, actor, accountKeys));
  }

  private async takeResult(name: string, buildId: string, signedManifest: string, actor: Actor, accountKeys: AccountKeys): Promise<{ buildId: string; recorded: string }> {
    const record = await this.buildRecord(buildId);
    if (record?.holder !== name) {
      const starter = record && starterOf(record.events, buildId);
      const recorded = starter === name ? resultOf(record!.events, buildId) : undefined;
      if (recorded) return { buildId, recorded }; // a retry of a result already taken
      const message = `build ${buildId} is not running on builder ${name} (it was re-queued, cancelled or finished, or another builder took it); its result is not taken`;
      if (!record?.events.some((event) => BuildStarted.is(event) && event.data.buildId === buildId && event.data.builder === name)) {
        // A build this builder never held: said to it and logged, not recorded (anyone could fill the log so).
        this.logger.warn(`builder ${name} sent a result for ${buildId}, a build it never held; not taken`);
        throw new RemoteBuildError(409, message);
      }
      return this.refuse(name, buildId, 'not-claimed', 409, message, undefined, starter === name);
    }
    const held = { uploadId: record.uploadId, architecture: record.architecture };
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
    const received = this.staged.get(buildId) ?? new Map<string, ReceivedFile>();
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
    const queued = await this.queueItem(buildId);
    if (!queued) throw new Error(`build ${buildId} is not in the build queue`);
    try {
      await this.dispatcher.recordRemote(queued, result, name, actor);
    } finally {
      await this.forget(buildId);
    }
    // The answer is what was appended: nothing when the build was cancelled or re-queued meanwhile.
    const recorded = resultOf(await this.store.readStream(uploadStream(held.uploadId)), buildId);
    if (!recorded) throw new RemoteBuildError(409, `build ${buildId} was cancelled or re-queued while its result was taken; nothing was recorded`);
    this.logger.log(`builder ${name} returned ${queued.source} ${queued.version} for ${queued.architecture}: ${manifest.status} (${recorded})`);
    return { buildId, recorded };
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
        const elsewhere = builds.length > 0 ? await this.registeredElsewhere(name) : undefined;
        if (elsewhere) {
          if (newly) this.logger.log(`builder ${name} no longer answers this daemon; it registered with daemon ${elsewhere}, which re-queues its builds`);
          continue;
        }
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
    const record = await this.buildRecord(buildId);
    if (record?.holder !== name) throw new RemoteBuildError(409, `build ${buildId} is not running on builder ${name}`);
    return { uploadId: record.uploadId, architecture: record.architecture };
  }

  /**
   * The upload stream of build `buildId` and the builder holding it: the one its last BuildStarted
   * names while that build still runs (the one answer for sources, logs, files, results and
   * heartbeats, on every daemon of a shared store). Undefined for a build id no queue knows.
   */
  private async buildRecord(buildId: string, queue?: readonly BuildQueueItem[]): Promise<BuildRecord | undefined> {
    const place = this.places.get(buildId) ?? (queue ? queue.find((item) => item.buildId === buildId) : await this.queueItem(buildId));
    if (!place) return undefined;
    const events = [...(await this.store.readStream(uploadStream(place.uploadId)))];
    const state = foldEvents(buildDecider, events as RecordedEvent<UploadEvent>[]);
    const holder = stillRunning(state, place.architecture, buildId) ? starterOf(events, buildId) : undefined;
    return { uploadId: place.uploadId, architecture: place.architecture, events, holder };
  }

  /** Runs `work` after every earlier call of `key` settled (a per-build or per-builder mutex of this daemon). */
  private async locked<T>(key: string, work: () => Promise<T>): Promise<T> {
    const before = this.locks.get(key) ?? Promise.resolve();
    const running = before.then(work);
    const settled = running.then(
      () => undefined,
      () => undefined,
    );
    this.locks.set(key, settled);
    try {
      return await running;
    } finally {
      if (this.locks.get(key) === settled) this.locks.delete(key);
    }
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
    startedLastHere = false,
  ): Promise<never> {
    const requeued = held ? await this.requeue({ uploadId: held.uploadId, architecture: held.architecture, buildId }, `the result from builder ${name} was refused: ${message}`.slice(0, 1000)) : false;
    // What another builder holds under this id is left alone: only the refused builder's own state goes.
    if (held || startedLastHere) await this.forget(buildId);
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
    this.places.delete(buildId);
    this.staged.delete(buildId);
    this.logs.delete(buildId);
    this.dispatcher.detachRemoteLog(buildId);
    await rm(this.stagingDir(buildId), { recursive: true, force: true }).catch(() => undefined);
  }

  private stagingDir(buildId: string): string {
    if (!remoteBuildIdPattern.test(buildId)) throw new RemoteBuildError(400, `'${buildId.slice(0, 100)}' is no build id`);
    return join(this.config.dataDir, 'remote-results', buildId);
  }

  private async account(name: string): Promise<BuilderAccount> {
    return foldEvents(builderDecider, (await this.store.readStream(builderStream(name))) as never[]);
  }

  private decide(name: string, command: Omit<BuilderCommand, 'metadata'>, actor: Actor) {
    return handleCommand(this.store, builderStream(name), builderDecider, { ...command, metadata: daemonCommandMetadata(builderStream(name), undefined, actor) } as BuilderCommand);
  }
}
