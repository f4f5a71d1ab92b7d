import { Injectable, Logger } from '@nestjs/common';
import { resolveDistribution, uploadDecider, type DscFacts, type ReviewUpload } from '@mbd/archive';
import { formatVersion, isDebianParseError, parseChanges, parseDsc } from '@mbd/debian';
import { EventStore, UploadReceived, handleCommand, uploadStream, type DataOf, type RecordedEvent } from '@mbd/events';
import { ArchiveKey } from '@mbd/gpg';
import { BlobStore } from '@mbd/repository';
import { ConfigurationService } from '../configuration/configuration.service.js';
import { ArchiveCommandsService } from '../installing/archive-commands.service.js';
import { daemonCommandMetadata } from '../support/command-metadata.js';
import { uploadState } from '../support/upload-state.js';
import { checkSignature } from './check-signature.js';
import { poolFilesOf } from './pool-files.js';
import { uploaderKeyring } from './uploader-keyring.js';

type Received = DataOf<typeof UploadReceived>;

/** A .dsc is a few KiB; anything near this is not one. */
const MAX_DSC_BYTES = 1024 * 1024;

/**
 * The packager: for every UploadReceived it gathers the cheap facts (signature, uploaders, the
 * distribution, versions in the repository, the .dsc and the repository's pool) and lets the upload
 * decider accept the upload and request builds, or reject it with every reason. Nothing untrusted is
 * unpacked here: lintian runs after acceptance, beside the builds. Deciding on the upload stream makes
 * it idempotent. An upload it cannot review at all is rejected with the reason (`giveUp`).
 */
@Injectable()
export class PackagerReactor {
  private readonly logger = new Logger('packager');

  constructor(
    private readonly store: EventStore,
    private readonly blobs: BlobStore,
    private readonly configuration: ConfigurationService,
    private readonly archiveKey: ArchiveKey,
    private readonly archive: ArchiveCommandsService,
  ) {}

  accepts(event: RecordedEvent): boolean {
    return UploadReceived.is(event);
  }

  async handle(event: RecordedEvent): Promise<void> {
    if (!UploadReceived.is(event)) return;
    const received = event.data;
    const streamId = uploadStream(received.uploadId);
    const state = await uploadState(this.store, received.uploadId);
    if (state.status !== 'received' && !(state.status === 'rejected' && state.retriable)) return; // already reviewed
    const config = await this.configuration.at(event.position);
    const repositories = [...config.repositories.values()];
    const changesText = (await this.blobs.read(received.changes.sha256)).toString('utf8');
    const keyring = await uploaderKeyring(config.uploaders, this.blobs, this.archiveKey);
    const target = resolveDistribution(repositories, received.distribution);
    const command: ReviewUpload = {
      type: 'ReviewUpload',
      data: {
        repositories,
        signature: await checkSignature(received.changes.name, changesText, keyring),
        uploaders: config.uploaders.map(({ repository, fingerprint }) => ({ repository, fingerprint })),
        archiveKey: this.archiveKey.fingerprint,
        versionsInRepository: target.ok ? await this.archive.versionsInRepository(target.settings.repository, received.source) : [],
        ...(await this.dscFacts(received)),
        ...(target.ok ? { pool: await poolFilesOf(this.store, target.config, received.source) } : {}),
        // Intake parsed this .changes before recording it; its Changes field carries the upload options.
        changes: parseChanges(changesText, { what: received.changes.name }).changes,
      },
      metadata: daemonCommandMetadata(received.uploadId, event.id),
    };
    const result = await handleCommand(this.store, streamId, uploadDecider, command);
    for (const appended of result.events) this.logger.log(`${received.source} ${received.version}: ${appended.type}`);
  }

  /**
   * Rejects an upload the packager could not review, naming why; the rejection is retriable, so
   * `mbd retry packager@<position>` reviews it again once the cause is fixed.
   */
  async giveUp(event: RecordedEvent, reason: string): Promise<void> {
    if (!UploadReceived.is(event)) return;
    const { uploadId } = event.data;
    await handleCommand(this.store, uploadStream(uploadId), uploadDecider, {
      type: 'RejectUpload',
      data: { reasons: [`mbd could not review this upload: ${reason}`] },
      metadata: daemonCommandMetadata(uploadId, event.id),
    });
  }

  /** The .dsc as the decider needs it, or the reason it cannot be read (never a crash). */
  private async dscFacts(received: Received): Promise<{ dsc?: DscFacts }> {
    const ref = received.files.find((file) => file.name.endsWith('.dsc'));
    if (!ref) return {};
    if (ref.size > MAX_DSC_BYTES) return { dsc: { name: ref.name, problem: `${ref.size} bytes is too large for a .dsc` } };
    try {
      const dsc = parseDsc(await this.blobs.read(ref.sha256), { what: ref.name, maxBytes: MAX_DSC_BYTES });
      return {
        dsc: {
          name: ref.name,
          source: dsc.source,
          version: formatVersion(dsc.version),
          architectures: dsc.architectures,
          files: dsc.files.map((file) => ({ name: file.name, sha256: file.sha256, size: file.size })),
        },
      };
    } catch (error) {
      if (!isDebianParseError(error)) throw error;
      return { dsc: { name: ref.name, problem: error.message } };
    }
  }
}
