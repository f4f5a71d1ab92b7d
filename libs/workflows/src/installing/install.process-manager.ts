import { Injectable, Logger } from '@nestjs/common';
import { afterBuild, afterInstallRefused, uploadDecider, type DistributionSettings } from '@mbd/archive';
import { ArchiveCommandRefused, EventStore, handleCommand, parseStreamId, uploadStream, type RecordedEvent, type UploadEvent } from '@mbd/events';
import { daemonCommandMetadata } from '../support/command-metadata.js';
import { uploadState } from '../support/upload-state.js';
import { ArchiveCommandsService, ArchiveRequestError } from './archive-commands.service.js';

const triggers = new Set(['BuildSucceeded', 'BuildFailed', 'BuildCancelled', 'SourceLinted']);

/**
 * When the last build of an upload settles (and lintian on its source has spoken), installs it into
 * its distribution (all architectures at once) or fails the upload; when the archive refuses the
 * install, fails the upload with that reason. Idempotent: an upload already installed (an event of its
 * correlation in the distribution stream, checked again in the append: oncePerCorrelation) or already
 * failed is left alone, so of several daemons following one store only one installs it. An upload it cannot install
 * at all (its distribution was removed from the configuration, …) fails with the reason.
 */
@Injectable()
export class InstallProcessManager {
  private readonly logger = new Logger('install');

  constructor(
    private readonly store: EventStore,
    private readonly archive: ArchiveCommandsService,
  ) {}

  accepts(event: RecordedEvent): boolean {
    return triggers.has(event.type) || ArchiveCommandRefused.is(event);
  }

  async handle(event: RecordedEvent): Promise<void> {
    if (triggers.has(event.type)) await this.afterBuild(event);
    else if (ArchiveCommandRefused.is(event)) await this.afterRefusal(event);
  }

  /**
   * Nothing to record for the upload: what the install can refuse for the upload's sake it records in
   * handle() (UploadFailed); what is left is the daemon's own trouble (the store, the read models), so
   * the event is only parked, and `mbd retry install@<position>` installs the upload once it is fixed.
   */
  giveUp(event: RecordedEvent, reason: string): Promise<void> {
    this.logger.error(`could not install after the ${event.type} at position ${event.position}: ${reason}`);
    return Promise.resolve();
  }

  private uploadOf(event: RecordedEvent): string | undefined {
    if (ArchiveCommandRefused.is(event)) return event.metadata.correlationId;
    const stream = parseStreamId(event.streamId);
    return stream.kind === 'upload' ? stream.uploadId : undefined;
  }

  private async afterBuild(event: RecordedEvent): Promise<void> {
    const uploadId = this.uploadOf(event);
    if (!uploadId) return;
    const state = await uploadState(this.store, uploadId);
    if (state.status !== 'accepted') return;
    let settings: DistributionSettings;
    try {
      settings = this.archive.settings(state.accepted.distribution);
    } catch (error) {
      if (!(error instanceof ArchiveRequestError)) throw error;
      await this.fail(uploadId, event, [`${state.accepted.distribution} can no longer be installed into: ${error.message}`]);
      return;
    }
    const command = afterBuild(state, event as unknown as UploadEvent, settings, daemonCommandMetadata(uploadId, event.id));
    if (!command) return;
    if (command.type === 'FailUpload') {
      await handleCommand(this.store, event.streamId, uploadDecider, command);
      this.logger.warn(`${state.received.source} ${state.received.version} failed: ${command.data.reasons.join('; ')}`);
      return;
    }
    const { events } = await this.archive.state(settings);
    if (events.some((stored) => stored.metadata.correlationId === uploadId)) return; // already installed or refused
    const versionsInRepository = await this.archive.versionsInRepository(settings.repository, command.data.source);
    // Once per upload: of several daemons on one store, the one whose install is stored installs; the others decide nothing.
    const result = await this.archive.run(settings, { ...command, data: { ...command.data, versionsInRepository } }, { oncePerCorrelation: uploadId });
    if (result.events.length === 0) return;
    this.logger.log(`${command.data.source} ${command.data.version} → ${settings.name}: ${result.refused ?? 'installed'}`);
  }

  private async afterRefusal(event: RecordedEvent): Promise<void> {
    if (!ArchiveCommandRefused.is(event)) return;
    const uploadId = event.metadata.correlationId;
    const streamId = uploadStream(uploadId);
    const command = afterInstallRefused(event, daemonCommandMetadata(uploadId, event.id));
    if (!command || (await this.store.readStream(streamId)).length === 0) return;
    await handleCommand(this.store, streamId, uploadDecider, command);
  }

  private async fail(uploadId: string, event: RecordedEvent, reasons: string[]): Promise<void> {
    const streamId = uploadStream(uploadId);
    if ((await this.store.readStream(streamId)).length === 0) return;
    await handleCommand(this.store, streamId, uploadDecider, { type: 'FailUpload', data: { reasons }, metadata: daemonCommandMetadata(uploadId, event.id) });
  }
}
