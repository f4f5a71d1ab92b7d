import { checkFiles, digestsOf, formatVersion, isDebianParseError, parseChanges, type Changes, type FileDigests } from '@mbd/debian';
import { EventStore, UploadRejected, isWrongExpectedVersionError, uploadStream, type EventMetadata, type FileRef, type UploadReceived } from '@mbd/events';
import { BlobNotFoundError, BlobStore } from '@mbd/repository';
import { uploadReceivedOf } from './upload-received-of.js';

/** An upload incoming took in before: its .changes and listed files, as blobs. */
export interface StoredUpload {
  readonly changes: FileRef;
  readonly files: readonly FileRef[];
}

export interface RetakeRequest {
  /** The upload retried (UploadRetried in its stream). */
  readonly retryOf: string;
  /** The new upload's id, as UploadRetried named it. */
  readonly uploadId: string;
  readonly upload: StoredUpload;
  /** Actor (who asked), correlation (the new upload) and causation (the UploadRetried). */
  readonly metadata: EventMetadata;
}

export type RetakeOutcome =
  | { readonly kind: 'received'; readonly uploadId: string; readonly event: UploadReceived }
  | { readonly kind: 'rejected'; readonly uploadId: string; readonly reasons: readonly string[] }
  /** The new upload's stream exists already (the same retry taken in before): nothing appended. */
  | { readonly kind: 'duplicate'; readonly uploadId: string };

/** The bytes of a stored blob; undefined when the blob store no longer has it. */
const readBlob = async (blobs: BlobStore, sha256: string): Promise<Buffer | undefined> => {
  try {
    return await blobs.read(sha256);
  } catch (error) {
    if (error instanceof BlobNotFoundError) return undefined;
    throw error;
  }
};

/**
 * Incoming's path for a retry (mini-buildd's `retry`, which re-uploads to its own FTP with force): the
 * stored .changes of an upload is parsed again, every file it lists is checked against the blob store
 * (size and every checksum), and the result is recorded under the retry's own id — UploadReceived with
 * `retryOf`, or UploadRejected with every reason — expected 'no-stream'. Only the daemon calls this
 * (after UploadRetried): it is not the FTP or HTTP drop, so replays of a .changes stay refused there.
 */
export async function retakeStoredUpload(store: EventStore, blobs: BlobStore, request: RetakeRequest): Promise<RetakeOutcome> {
  const { uploadId, upload, metadata } = request;
  const append = async (event: UploadReceived | UploadRejected): Promise<boolean> => {
    try {
      await store.append(uploadStream(uploadId), [event], 'no-stream');
      return true;
    } catch (error) {
      if (isWrongExpectedVersionError(error)) return false;
      throw error;
    }
  };
  const reject = async (reasons: string[], changes?: Changes): Promise<RetakeOutcome> => {
    const about = changes && { source: changes.source as string, version: formatVersion(changes.version), distribution: changes.distributions.join(' ') };
    const event = UploadRejected.create({ uploadId, reasons, ...about }, metadata);
    return (await append(event)) ? { kind: 'rejected', uploadId, reasons } : { kind: 'duplicate', uploadId };
  };

  const changesBytes = await readBlob(blobs, upload.changes.sha256);
  if (!changesBytes) return reject([`${upload.changes.name} is no longer in the blob store`]);
  let changes: Changes;
  try {
    changes = parseChanges(changesBytes, { what: upload.changes.name });
  } catch (error) {
    if (!isDebianParseError(error)) throw error;
    return reject([`${upload.changes.name}: ${error.message}`]);
  }
  const stored = new Map(upload.files.map((file) => [file.name, file]));
  const digests = new Map<string, FileDigests>();
  const problems = await checkFiles(changes, async (name) => {
    const ref = stored.get(name);
    const bytes = ref && (await readBlob(blobs, ref.sha256));
    if (!bytes) return undefined;
    const measured = digestsOf(bytes);
    digests.set(name, measured);
    return measured;
  });
  if (problems.length > 0) return reject(problems.map((problem) => `${problem.message} (in the blob store)`), changes);
  const built = uploadReceivedOf({ uploadId, changesName: upload.changes.name, changesFile: digestsOf(changesBytes), changes, digests, via: 'api', retryOf: request.retryOf, metadata });
  if ('reasons' in built) return reject(built.reasons, changes);
  return (await append(built.event)) ? { kind: 'received', uploadId, event: built.event } : { kind: 'duplicate', uploadId };
}
