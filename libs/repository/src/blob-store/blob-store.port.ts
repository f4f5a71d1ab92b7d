import { eachInTurns } from './each-in-turns.js';

/**
 * Content-addressed file store (SHA-256). Every file an event names is stored here before the
 * event is appended. Embedded default: a directory in the data dir; an S3-compatible adapter can follow.
 */
export interface BlobRef {
  readonly sha256: string;
  readonly size: number;
}

/** One blob to copy and where to. */
export interface BlobCopy {
  readonly sha256: string;
  readonly target: string;
}

export abstract class BlobStore {
  /** Stores a file's bytes (write to a temp file, fsync, rename); idempotent (a blob already there is refreshed, see delete). */
  abstract putFile(path: string): Promise<BlobRef>;
  abstract putBuffer(bytes: Uint8Array): Promise<BlobRef>;
  abstract has(sha256: string): Promise<boolean>;
  /** Reads and verifies the hash; throws BlobCorruptError on mismatch, BlobNotFoundError if absent. */
  abstract read(sha256: string): Promise<Buffer>;
  /** Copies the blob to `target` (verified), e.g. to hand it to reprepro or sbuild. */
  abstract copyTo(sha256: string, target: string): Promise<void>;
  /**
   * `copyTo` for many blobs at once (e.g. a batch's packages into reprepro's staging directory); a
   * store may verify them together. Rejects, once no copy is under way, with the error `copyTo` gives
   * for the first blob that fails.
   */
  async copyAllTo(copies: readonly BlobCopy[]): Promise<void> {
    await eachInTurns(copies, (copy) => this.copyTo(copy.sha256, copy.target));
  }
  /**
   * Removes the blob; true when it was there and is gone. The caller makes sure no event refers to it.
   * With `unlessPutSince`, a blob put (again) at or after that time is kept and false returned: a put
   * of bytes already stored refreshes the blob, so an upload that is storing it right now, before
   * its event is appended, does not lose it.
   */
  abstract delete(sha256: string, options?: BlobDeleteOptions): Promise<boolean>;
}

export interface BlobDeleteOptions {
  readonly unlessPutSince?: Date;
}
