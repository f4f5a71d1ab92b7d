import { Injectable, Logger } from '@nestjs/common';
import { uploadDecider, type CommandMetadata, type PreviousRetry, type UploadState } from '@mbd/archive';
import { EventStore, UploadRetried, UploadRetryRefused, handleCommand, uploadStream, type FileRef, type UploadEvent } from '@mbd/events';
import { retakeStoredUpload, type RetakeOutcome } from '@mbd/incoming';
import { BlobStore } from '@mbd/repository';
import { uploadState } from '../support/upload-state.js';
import { UploadRetryError } from './upload-retry.errors.js';

/** What a retry did: the upload retried, the new upload, and how incoming took it (received, or rejected with reasons). */
export interface UploadRetryResult {
  readonly uploadId: string;
  readonly retryUploadId: string;
  readonly intake: RetakeOutcome['kind'];
  readonly reasons?: readonly string[];
}

const retriesOf = (state: UploadState): readonly string[] => ('retries' in state ? (state.retries ?? []) : []);

/** The id of the n-th retry of an upload (`<id>.retry<n>`): a new stream, named after the upload it retries. */
export const retryUploadIdOf = (uploadId: string, n: number): string => `${uploadId}.retry${n}`;

/**
 * mini-buildd's `retry` of a whole upload: the upload decider decides (UploadRetried, or
 * UploadRetryRefused with every reason) from the facts gathered here (the latest retry's state, the
 * files the blob store no longer has); then incoming takes the stored .changes and files in again as
 * the new upload (retakeStoredUpload), which goes through the packager, builds and install like any.
 */
@Injectable()
export class UploadRetryService {
  private readonly logger = new Logger('upload-retry');

  constructor(
    private readonly store: EventStore,
    private readonly blobs: BlobStore,
  ) {}

  async retry(uploadId: string, reason: string | undefined, metadata: CommandMetadata): Promise<UploadRetryResult> {
    const state = await this.stateOf(uploadId);
    if (state.status === 'initial') throw new UploadRetryError('upload-unknown', `mbd knows no upload ${uploadId}`);
    const retries = retriesOf(state);
    const latest = retries.at(-1);
    const previousRetry: PreviousRetry | undefined = latest === undefined ? undefined : { uploadId: latest, status: (await this.stateOf(latest)).status };
    // A retry decided but never taken in (the daemon stopped between the two): finish that one rather than deciding another.
    if (latest !== undefined && previousRetry?.status === 'initial' && 'received' in state && state.received) {
      const decided = (await this.store.readStream(uploadStream(uploadId))).filter((event) => UploadRetried.is(event as UploadEvent)).at(-1);
      return this.retake(uploadId, latest, state.received, metadata, decided?.id);
    }
    const stored = 'received' in state && state.received ? [state.received.changes, ...state.received.files] : [];
    const retryUploadId = retryUploadIdOf(uploadId, retries.length + 1);
    const { events } = await handleCommand(this.store, uploadStream(uploadId), uploadDecider, {
      type: 'RetryUpload',
      data: { uploadId, retryUploadId, ...(reason ? { reason } : {}), ...(previousRetry ? { previousRetry } : {}), missingFiles: await this.missing(stored) },
      metadata,
    });
    const decided = events[0];
    if (decided && UploadRetryRefused.is(decided)) throw new UploadRetryError('refused', decided.data.reasons.join('; '), decided.data.reasons);
    if (!decided || !UploadRetried.is(decided) || !('received' in state) || !state.received) throw new Error(`the retry of upload ${uploadId} was decided without an event`);
    return this.retake(uploadId, retryUploadId, state.received, metadata, decided.id);
  }

  /** Incoming takes the stored .changes and files in again as `retryUploadId` (once: its stream must not exist yet). */
  private async retake(
    uploadId: string,
    retryUploadId: string,
    received: { readonly changes: FileRef; readonly files: readonly FileRef[] },
    metadata: CommandMetadata,
    causationId: string | undefined,
  ): Promise<UploadRetryResult> {
    const outcome = await retakeStoredUpload(this.store, this.blobs, {
      retryOf: uploadId,
      uploadId: retryUploadId,
      upload: { changes: received.changes, files: received.files },
      metadata: { actor: metadata.actor, correlationId: retryUploadId, ...(causationId ? { causationId } : {}), occurredAt: new Date().toISOString() },
    });
    this.logger.log(`upload ${uploadId} retried as ${retryUploadId}: ${outcome.kind}`);
    return { uploadId, retryUploadId, intake: outcome.kind, ...(outcome.kind === 'rejected' ? { reasons: outcome.reasons } : {}) };
  }

  private stateOf(uploadId: string): Promise<UploadState> {
    return uploadState(this.store, uploadId);
  }

  private async missing(files: readonly FileRef[]): Promise<string[]> {
    const missing: string[] = [];
    for (const file of files) if (!(await this.blobs.has(file.sha256))) missing.push(file.name);
    return missing;
  }
}
