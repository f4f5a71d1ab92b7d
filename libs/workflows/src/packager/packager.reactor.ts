import { Injectable, Logger } from '@nestjs/common';
import { resolveDistribution, uploadDecider, type LintianResult, type ReviewUpload } from '@mbd/archive';
import { parseDsc } from '@mbd/debian';
import { EventStore, UploadReceived, handleCommand, uploadStream, type DataOf, type RecordedEvent } from '@mbd/events';
import { Lintian, lintianTagLines } from '@mbd/builder';
import { ArchiveKey } from '@mbd/gpg';
import { ProjectionsService } from '@mbd/projections';
import { BlobStore } from '@mbd/repository';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigurationService } from '../configuration/configuration.service.js';
import { ArchiveCommandsService } from '../installing/archive-commands.service.js';
import { daemonCommandMetadata } from '../support/command-metadata.js';
import { checkSignature } from './check-signature.js';
import { uploaderKeyring } from './uploader-keyring.js';

type Received = DataOf<typeof UploadReceived>;

/**
 * The packager: for every UploadReceived it gathers the facts (signature, uploaders, versions in the
 * repository, the .dsc's architectures, lintian) and lets the upload decider accept the upload and
 * request builds, or reject it with every reason. Deciding on the upload stream makes it idempotent.
 */
@Injectable()
export class PackagerReactor {
  private readonly logger = new Logger('packager');

  constructor(
    private readonly store: EventStore,
    private readonly blobs: BlobStore,
    private readonly configuration: ConfigurationService,
    private readonly projections: ProjectionsService,
    private readonly archiveKey: ArchiveKey,
    private readonly lintian: Lintian,
    private readonly archive: ArchiveCommandsService,
  ) {}

  async handle(event: RecordedEvent): Promise<void> {
    if (!UploadReceived.is(event)) return;
    const received = event.data;
    const streamId = uploadStream(received.uploadId);
    const state = (await this.store.readStream(streamId)).map((e) => e.type);
    if (state.some((type) => type !== UploadReceived.type)) return; // already reviewed
    const config = await this.configuration.at(event.position);
    await this.projections.waitForPosition(event.position);
    const changesText = (await this.blobs.read(received.changes.sha256)).toString('utf8');
    const keyring = await uploaderKeyring(config.uploaders, this.blobs, this.archiveKey);
    const target = resolveDistribution([...config.repositories.values()], received.distribution);
    const dscRef = received.files.find((file) => file.name.endsWith('.dsc'));
    const dsc = dscRef && parseDsc((await this.blobs.read(dscRef.sha256)).toString('utf8'), { what: dscRef.name });
    const command: ReviewUpload = {
      type: 'ReviewUpload',
      data: {
        repositories: [...config.repositories.values()],
        signature: await checkSignature(received.changes.name, changesText, keyring),
        uploaders: config.uploaders.map(({ repository, fingerprint }) => ({ repository, fingerprint })),
        archiveKey: this.archiveKey.fingerprint,
        lintian: target.ok && target.settings.lintian !== 'disabled' && dscRef ? await this.lint(received) : null,
        versionsInRepository: target.ok ? await this.archive.versionsInRepository(target.settings.repository, received.source) : [],
        ...(dsc ? { sourceArchitectures: dsc.architectures } : {}),
      },
      metadata: daemonCommandMetadata(received.uploadId, event.id),
    };
    const result = await handleCommand(this.store, streamId, uploadDecider, command);
    for (const appended of result.events) this.logger.log(`${received.source} ${received.version}: ${appended.type}`);
  }

  private async lint(received: Received): Promise<LintianResult> {
    const dir = await mkdtemp(join(tmpdir(), 'mbd-lintian-'));
    try {
      for (const file of received.files) await this.blobs.copyTo(file.sha256, join(dir, file.name));
      const dsc = received.files.find((file) => file.name.endsWith('.dsc'))!;
      const report = await this.lintian.check(join(dir, dsc.name));
      return { errors: report.errors, warnings: report.warnings, tags: lintianTagLines(report) };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
}
