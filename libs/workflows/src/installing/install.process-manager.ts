import { Injectable, Logger } from '@nestjs/common';
import { afterBuild, afterInstallRefused, foldEvents, uploadDecider, type UploadState } from '@mbd/archive';
import { ArchiveCommandRefused, EventStore, handleCommand, parseStreamId, uploadStream, type RecordedEvent, type UploadEvent } from '@mbd/events';
import { daemonCommandMetadata } from '../support/command-metadata.js';
import { ArchiveCommandsService } from './archive-commands.service.js';

const buildEnds = new Set(['BuildSucceeded', 'BuildFailed', 'BuildCancelled']);

/**
 * When the last build of an upload settles, installs it into its distribution (all architectures
 * at once) or fails the upload; when the archive refuses the install, fails the upload with that reason.
 * Idempotent: an upload already installed (an event of its correlation in the distribution stream)
 * or already failed is left alone.
 */
@Injectable()
export class InstallProcessManager {
  private readonly logger = new Logger('install');

  constructor(
    private readonly store: EventStore,
    private readonly archive: ArchiveCommandsService,
  ) {}

  async handle(event: RecordedEvent): Promise<void> {
    if (buildEnds.has(event.type)) await this.afterBuild(event);
    else if (ArchiveCommandRefused.is(event)) await this.afterRefusal(event);
  }

  private async afterBuild(event: RecordedEvent): Promise<void> {
    const stream = parseStreamId(event.streamId);
    if (stream.kind !== 'upload') return;
    const uploadId = stream.uploadId;
    const state: UploadState = foldEvents(uploadDecider, (await this.store.readStream(event.streamId)) as unknown as UploadEvent[]);
    if (state.status !== 'accepted') return;
    const settings = this.archive.settings(state.accepted.distribution);
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
    const result = await this.archive.run(settings, { ...command, data: { ...command.data, versionsInRepository } });
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
}
