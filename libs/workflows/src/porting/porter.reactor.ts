import { Injectable, Logger } from '@nestjs/common';
import { InjectConfig, daemonNameOf, type MbdConfig } from '@mbd/config';
import { parseDsc, parseVersion } from '@mbd/debian';
import { EventStore, PackageInstalled, PackagePorted, UploadAccepted, distributionStream, uploadStream, type RecordedEvent } from '@mbd/events';
import { ProjectionsService } from '@mbd/projections';
import { BlobStore } from '@mbd/repository';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runTool } from '@mbd/builder';
import { ArchiveCommandsService, ArchiveRequestError } from '../installing/archive-commands.service.js';
import { addChangelogEntry } from '../own-uploads/add-changelog-entry.js';
import { OwnUploads } from '../own-uploads/own-uploads.js';
import { claimReaction } from '../support/claim-reaction.js';
import { daemonCommandMetadata } from '../support/command-metadata.js';
import { autoPortsOf } from './auto-ports.js';
import { portEntryLine, portEntryOptions } from './port-entry.js';

const EXTRACT_TIMEOUT_MS = 10 * 60_000;

/**
 * Makes the uploads that ports are (mini-buildd's port, port_ext, auto-ports): on PackagePorted it
 * unpacks the origin's .dsc from the blob store (`dpkg-source -x`), adds the port's changelog entry
 * with `dch` and feeds the result through OwnUploads (`-v<fromVersion>`, so the .changes carries every
 * entry since the origin), from where it goes through incoming like any upload. On PackageInstalled of
 * an upload that names `auto-ports=<dist>,…` it issues those ports. A port already fed (its source
 * version received or installed in the target) is not fed again; a port it cannot make is parked by
 * its follower with the reason. Of several daemons following one event store, only the one that
 * claimed the event (claimReaction) makes the upload or issues the auto-ports.
 */
@Injectable()
export class PorterReactor {
  private readonly logger = new Logger('porter');

  constructor(
    @InjectConfig() private readonly config: MbdConfig,
    private readonly store: EventStore,
    private readonly blobs: BlobStore,
    private readonly projections: ProjectionsService,
    private readonly archive: ArchiveCommandsService,
    private readonly ownUploads: OwnUploads,
  ) {}

  accepts(event: RecordedEvent): boolean {
    return PackagePorted.is(event) || (PackageInstalled.is(event) && event.data.uploadId !== undefined);
  }

  async handle(event: RecordedEvent): Promise<void> {
    if (PackagePorted.is(event)) await this.feed(event);
    else if (PackageInstalled.is(event)) await this.autoPort(event);
  }

  async giveUp(event: RecordedEvent, reason: string): Promise<void> {
    // The follower parks the event with this reason (EventParked, `mbd retry porter@<position>`).
    if (PackagePorted.is(event)) this.logger.warn(`port of ${event.data.source} ${event.data.fromVersion} to ${event.data.to} not made: ${reason}`);
    else this.logger.warn(`auto-ports after position ${event.position} not issued: ${reason}`);
  }

  private async feed(event: PackagePorted & RecordedEvent): Promise<void> {
    const { source, version, to, fromVersion, files } = event.data;
    if (await this.alreadyFed(source, version, to)) {
      this.logger.log(`${source} ${version} is already uploaded to ${to}: not fed again`);
      return;
    }
    const dscRef = files?.find((file) => file.name.endsWith('.dsc'));
    if (!files || !dscRef) throw new Error(`PackagePorted of ${source} ${fromVersion} names no .dsc to port`);
    if (!(await this.claim(event))) return;
    const work = await mkdtemp(join(tmpdir(), 'mbd-port-'));
    try {
      const dsc = parseDsc(await this.blobs.read(dscRef.sha256), { what: dscRef.name });
      const listed = new Set(dsc.files.map((file) => file.name as string));
      for (const file of files) if (file === dscRef || listed.has(file.name)) await this.blobs.copyTo(file.sha256, join(work, file.name));
      // `<source>-<upstream>`, the directory name dpkg-source expects.
      const tree = join(work, `${source}-${parseVersion(version).upstream}`);
      await runTool('dpkg-source', ['--no-copy', '-x', dscRef.name, tree], { cwd: work, timeoutMs: EXTRACT_TIMEOUT_MS });
      await addChangelogEntry(tree, {
        version,
        distribution: to,
        lines: [portEntryLine(event.data, dscRef.sha256)],
        options: portEntryOptions(event.data),
        author: this.ownUploads.author(),
      });
      const changes = await this.ownUploads.upload({
        tree,
        since: fromVersion,
        includeOrig: true,
        changesFields: { 'X-Mbd-Ported-From': `${event.data.from} ${fromVersion} (PackagePorted at position ${event.position})` },
      });
      this.logger.log(`port of ${source} ${fromVersion} to ${to} uploaded as ${changes}`);
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  }

  /** True when `source` `version` was already received for, or is installed in, `distribution`. */
  private async alreadyFed(source: string, version: string, distribution: string): Promise<boolean> {
    await this.projections.waitForPosition(await this.store.headPosition());
    const uploads = await this.projections.listUploads({ source, distribution, limit: 1000 });
    if (uploads.items.some((upload) => upload.version === version)) return true;
    const placed = await this.projections.listRepositoryState({ source, distribution });
    return placed.some((entry) => entry.version === version);
  }

  private async autoPort(event: PackageInstalled & RecordedEvent): Promise<void> {
    const { uploadId, source, distribution } = event.data;
    if (uploadId === undefined) return;
    const targets = await this.autoPortsOfUpload(uploadId);
    if (targets.length === 0) return;
    const already = await this.portsAlreadyIssued(targets, source, event.data.version);
    if (targets.every((name) => already.has(name)) || !(await this.claim(event))) return;
    for (const target of targets.filter((name) => !already.has(name))) {
      try {
        const [result] = await this.archive.port(source, distribution, [target], {}, daemonCommandMetadata(event.metadata.correlationId, event.id));
        this.logger.log(`auto-port of ${source} ${event.data.version} to ${target}: ${result?.refused ?? 'ported'}`);
      } catch (error) {
        if (!(error instanceof ArchiveRequestError)) throw error;
        this.logger.warn(`auto-port of ${source} ${event.data.version} to ${target} not issued: ${error.message}`);
      }
    }
  }

  /** True when this daemon acts on `event` (claimReaction); false when another daemon on the store does. */
  private async claim(event: RecordedEvent): Promise<boolean> {
    const mine = await claimReaction(this.store, 'porter', event, daemonNameOf(this.config));
    if (!mine) this.logger.log(`the ${event.type} at position ${event.position} is another daemon's to handle`);
    return mine;
  }

  private async autoPortsOfUpload(uploadId: string): Promise<string[]> {
    const accepted = (await this.store.readStream(uploadStream(uploadId))).find((candidate) => UploadAccepted.is(candidate));
    return accepted && UploadAccepted.is(accepted) ? autoPortsOf(accepted.data.options) : [];
  }

  /** Targets whose stream already has a PackagePorted of this source version (an auto-port issued before a restart). */
  private async portsAlreadyIssued(targets: readonly string[], source: string, fromVersion: string): Promise<Set<string>> {
    const issued = new Set<string>();
    for (const target of targets) {
      let stream: string;
      try {
        const settings = this.archive.settings(target);
        stream = distributionStream(settings.codename, settings.repository, settings.suite);
      } catch {
        continue; // an unknown target: the port command refuses it with the reason
      }
      const events = await this.store.readStream(stream);
      if (events.some((candidate) => PackagePorted.is(candidate) && candidate.data.source === source && candidate.data.fromVersion === fromVersion)) issued.add(target);
    }
    return issued;
  }
}
