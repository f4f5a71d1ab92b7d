import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { basename, join } from 'node:path';
import type { ArchiveKey } from '@mbd/gpg';
import { Builder, type BuildJob, type BuildResult, type ExtraRepository } from '../build/builder.port.js';
import type { ChrootManager } from '../chroot/chroot-manager.js';
import { BuildCancelledError } from '../errors.js';
import { BuilderCallError, type BuilderDaemonClient } from './builder-daemon-client.js';
import type { RemoteBuildJob, RemoteFile } from './remote-build-job.js';
import { fileDigest } from './file-digest.js';
import { resultManifest, type ResultManifest } from './result-manifest.js';

export interface RemoteBuilderOptions {
  readonly client: BuilderDaemonClient;
  /** The local builder (sbuild in this builder's own chroots). */
  readonly builder: Builder;
  readonly chroots: ChrootManager;
  /** Signs the result manifests. */
  readonly key: ArchiveKey;
  readonly slots: number;
  /** Where each build's sources and results are kept while it runs. */
  readonly workDir: string;
  readonly heartbeatMs?: number;
  /** How often a free slot asks the daemon for a build. */
  readonly claimPollMs?: number;
  /** How often the live log is sent. */
  readonly logFlushMs?: number;
  readonly report?: (line: string) => void;
}

/** How long the hand-over took on the builder's side: claim → sbuild start, sbuild end → results stored. */
export interface HandOver {
  readonly buildId: string;
  readonly claimToStartSeconds: number;
  readonly endToStoredSeconds: number;
  readonly status: string;
}

interface Running {
  readonly abort: AbortController;
}

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * The builder role of mbd (`mbd builder`): registers with the daemon what its chroots offer, heartbeats,
 * claims builds into its slots, fetches their sources, runs sbuild, sends the log live and the result
 * files, then the manifest signed with its own key. A build the daemon no longer gives it (re-queued,
 * cancelled) is stopped.
 */
export class RemoteBuilder {
  private readonly running = new Map<string, Running>();
  private timers: NodeJS.Timeout[] = [];
  private stopped = false;
  private claiming = false;
  private readonly report: (line: string) => void;
  /** Hand-over times of the builds so far (bench). */
  readonly handOvers: HandOver[] = [];

  constructor(private readonly options: RemoteBuilderOptions) {
    this.report = options.report ?? ((line) => console.log(line));
  }

  /** What this builder's chroots offer. */
  async offer(): Promise<{ architectures: string[]; codenames: string[] }> {
    const chroots = await this.options.chroots.list();
    return {
      architectures: [...new Set(chroots.map((chroot) => chroot.architecture))].sort(),
      codenames: [...new Set(chroots.map((chroot) => chroot.codename))].sort(),
    };
  }

  /** Registers, then heartbeats and claims until stop(). */
  async start(): Promise<void> {
    await mkdir(this.options.workDir, { recursive: true });
    const registration = await this.register();
    this.report(
      `builder ${this.options.client.name}: registered with ${this.options.client.url} (key ${registration.fingerprint}${registration.approved ? '' : `, not approved yet: an admin runs mbd builder-approve ${this.options.client.name} ${registration.fingerprint}`})`,
    );
    this.timers.push(setInterval(() => void this.heartbeat(), this.options.heartbeatMs ?? 5000));
    this.timers.push(setInterval(() => void this.claimFree(), this.options.claimPollMs ?? 2000));
    void this.claimFree();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const timer of this.timers) clearInterval(timer);
    for (const build of this.running.values()) build.abort.abort();
  }

  private async register() {
    const offer = await this.offer();
    return this.options.client.register({ ...offer, slots: this.options.slots, load: loadavg()[0] ?? 0, publicKey: this.options.key.publicArmored });
  }

  private async heartbeat(): Promise<void> {
    try {
      const { cancel } = await this.options.client.heartbeat(loadavg()[0] ?? 0, [...this.running.keys()]);
      for (const buildId of cancel) {
        const build = this.running.get(buildId);
        if (!build) continue;
        this.report(`build ${buildId}: the daemon no longer gives it to this builder; stopping it`);
        build.abort.abort();
      }
    } catch (error) {
      // A daemon restarted meanwhile has forgotten this builder: register again.
      if (error instanceof BuilderCallError && error.status === 409) await this.register().catch(() => undefined);
      else this.report(`heartbeat failed: ${messageOf(error)}`);
    }
  }

  /** Claims builds while slots are free (one claim at a time). */
  private async claimFree(): Promise<void> {
    if (this.claiming || this.stopped) return;
    this.claiming = true;
    try {
      while (!this.stopped && this.running.size < this.options.slots) {
        const job = await this.options.client.claim();
        if (!job) break;
        const build: Running = { abort: new AbortController() };
        this.running.set(job.buildId, build);
        void this.run(job, build, Date.now()).finally(() => {
          this.running.delete(job.buildId);
          void this.claimFree();
        });
      }
    } catch (error) {
      this.report(`claim failed: ${messageOf(error)}`);
    } finally {
      this.claiming = false;
    }
  }

  /** Sends the manifest clearsigned with the builder's key. */
  private async submit(buildId: string, manifest: ResultManifest): Promise<void> {
    await this.options.client.submitResult(buildId, await this.options.key.signInRelease(`${JSON.stringify(manifest, null, 1)}\n`));
  }

  private async run(job: RemoteBuildJob, build: Running, claimedAt: number): Promise<void> {
    const { client } = this.options;
    this.report(`building ${job.source} ${job.version} for ${job.architecture} (${job.buildId})`);
    const work = await mkdtemp(join(this.options.workDir, `build-${job.buildId}-`));
    const pending: string[] = [];
    let sending = Promise.resolve();
    const flush = () => {
      if (pending.length === 0) return sending;
      const lines = pending.splice(0, pending.length);
      sending = sending.then(() => client.log(job.buildId, lines).catch((error: unknown) => this.report(`could not send the log of ${job.buildId}: ${messageOf(error)}`)));
      return sending;
    };
    const flusher = setInterval(() => void flush(), this.options.logFlushMs ?? 1000);
    let submitted = false;
    try {
      const sourceDir = join(work, 'source');
      const outputDir = join(work, 'out');
      await mkdir(sourceDir, { recursive: true });
      await mkdir(outputDir, { recursive: true });
      for (const file of job.files) await client.download(file, join(sourceDir, file.name));
      const keyFile = join(work, 'archive-key.asc');
      await writeFile(keyFile, job.archiveKey);
      const extraRepositories: ExtraRepository[] = job.extraRepositories.map((repository) => ({
        line: repository.line,
        ...(repository.signedByArchiveKey ? { keyFile } : {}),
        ...(repository.pin ? { pin: repository.pin } : {}),
      }));
      const buildJob: BuildJob = {
        buildId: job.buildId,
        dsc: join(sourceDir, job.dsc),
        distribution: job.distribution,
        codename: job.codename,
        architecture: job.architecture,
        archAll: job.archAll,
        outputDir,
        extraRepositories,
        ...job.options,
      };
      const run = this.options.builder.build(buildJob, build.abort.signal);
      run.log.subscribe({ next: (line) => void pending.push(line), error: () => undefined });
      let startedAt = Date.now();
      run.started.then(
        () => (startedAt = Date.now()),
        () => undefined,
      );
      let result: BuildResult;
      try {
        result = await run.result;
      } catch (error) {
        if (error instanceof BuildCancelledError || build.abort.signal.aborted) {
          this.report(`build ${job.buildId} stopped`);
          return;
        }
        throw error;
      }
      const endedAt = Date.now();
      await flush();
      const files: RemoteFile[] = [];
      const paths = [...new Set([...result.files, result.logFile])];
      for (const path of paths) {
        const sent = await client.putResult(job.buildId, path).catch(async (error: unknown) => {
          // A log sbuild never wrote (it could not start) is left out; any other file must arrive.
          if (path === result.logFile && !(await fileDigest(path).then(() => true, () => false))) return undefined;
          throw error;
        });
        if (sent) files.push(sent);
      }
      const logName = files.some((file) => file.name === basename(result.logFile)) ? basename(result.logFile) : undefined;
      const manifest = resultManifest(result, files, logName);
      submitted = true;
      await this.submit(job.buildId, manifest);
      const handOver: HandOver = {
        buildId: job.buildId,
        claimToStartSeconds: (startedAt - claimedAt) / 1000,
        endToStoredSeconds: (Date.now() - endedAt) / 1000,
        status: result.status,
      };
      this.handOvers.push(handOver);
      this.report(`built ${job.source} ${job.version} for ${job.architecture}: ${result.status} (${JSON.stringify({ handOver })})`);
    } catch (error) {
      this.report(`build ${job.buildId} could not run: ${messageOf(error)}`);
      // Tell the daemon at once (the build fails with the reason) rather than leave it running until the builder times out.
      if (!submitted && !build.abort.signal.aborted) {
        const reason = `could not run the build on builder ${client.name}: ${messageOf(error)}`;
        await this.submit(job.buildId, { buildId: job.buildId, status: 'failed', reason: reason.slice(0, 4000), seconds: 0, stages: [], files: [] }).catch((failure: unknown) =>
          this.report(`could not report the failure of ${job.buildId}: ${messageOf(failure)}`),
        );
      }
    } finally {
      clearInterval(flusher);
      await flush();
      await rm(work, { recursive: true, force: true }).catch(() => undefined);
    }
  }
}

