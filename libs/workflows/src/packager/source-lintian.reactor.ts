import { Injectable, Logger } from '@nestjs/common';
import { uploadDecider, type LintianResult, type UploadState } from '@mbd/archive';
import { Lintian, LintianTimedOutError, lintianTagLines } from '@mbd/builder';
import { EventStore, UploadAccepted, handleCommand, uploadStream, type RecordedEvent } from '@mbd/events';
import { BlobStore } from '@mbd/repository';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { daemonCommandMetadata } from '../support/command-metadata.js';
import { uploadState } from '../support/upload-state.js';

/**
 * Runs lintian on the source of an accepted upload, beside its builds: only uploads that passed the
 * signature, uploader and distribution checks get here, and lintian runs with the builder's timeout
 * and bounds. Its result (SourceLinted) gates the install by the suite's lintian mode. When lintian
 * cannot finish, the result says so (`giveUp`), and the suite's mode decides what that means.
 */
@Injectable()
export class SourceLintianReactor {
  private readonly logger = new Logger('source-lintian');

  constructor(
    private readonly store: EventStore,
    private readonly blobs: BlobStore,
    private readonly lintian: Lintian,
  ) {}

  accepts(event: RecordedEvent): boolean {
    return UploadAccepted.is(event) && event.data.lintSource === true;
  }

  async handle(event: RecordedEvent): Promise<void> {
    if (!UploadAccepted.is(event) || !event.data.lintSource) return;
    const state = await uploadState(this.store, event.data.uploadId);
    if ((state.status !== 'accepted' && state.status !== 'failed') || state.sourceLint) return;
    let lintian: LintianResult;
    try {
      lintian = await this.lint(state);
    } catch (error) {
      if (!(error instanceof LintianTimedOutError)) throw error;
      // Running it again would take as long again while other uploads wait: the result says why there is none.
      await this.record(event, null, error.message);
      this.logger.warn(`${event.data.source} ${event.data.version}: ${error.message}`);
      return;
    }
    await this.record(event, lintian, undefined);
    this.logger.log(`${event.data.source} ${event.data.version}: lintian found ${lintian.errors} error(s), ${lintian.warnings} warning(s)`);
  }

  async giveUp(event: RecordedEvent, reason: string): Promise<void> {
    if (UploadAccepted.is(event)) await this.record(event, null, `lintian could not check the source: ${reason}`);
  }

  private async record(event: UploadAccepted & RecordedEvent, lintian: LintianResult | null, reason: string | undefined): Promise<void> {
    const { uploadId } = event.data;
    await handleCommand(this.store, uploadStream(uploadId), uploadDecider, {
      type: 'RecordSourceLintian',
      data: { lintian, ...(reason ? { reason } : {}) },
      metadata: daemonCommandMetadata(uploadId, event.id),
    });
  }

  private async lint(state: Extract<UploadState, { status: 'accepted' | 'failed' }>): Promise<LintianResult> {
    const dir = await mkdtemp(join(tmpdir(), 'mbd-lintian-'));
    try {
      const files = [...state.received.files, ...(state.accepted.poolFiles ?? [])];
      for (const file of files) await this.blobs.copyTo(file.sha256, join(dir, file.name));
      const dsc = files.find((file) => file.name.endsWith('.dsc'));
      if (!dsc) return { errors: 0, warnings: 0 };
      const report = await this.lintian.check(join(dir, dsc.name));
      return { errors: report.errors, warnings: report.warnings, tags: lintianTagLines(report) };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
}
