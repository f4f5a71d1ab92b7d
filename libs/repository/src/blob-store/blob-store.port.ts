/**
 * Content-addressed file store (SHA-256). Every file an event names is stored here before the
 * event is appended. Embedded default: a directory in the data dir; an S3-compatible adapter can follow.
 */
export interface BlobRef {
  readonly sha256: string;
  readonly size: number;
}

export abstract class BlobStore {
  /** Stores a file's bytes (write to a temp file, fsync, rename); idempotent. */
  abstract putFile(path: string): Promise<BlobRef>;
  abstract putBuffer(bytes: Uint8Array): Promise<BlobRef>;
  abstract has(sha256: string): Promise<boolean>;
  /** Reads and verifies the hash; throws BlobCorruptError on mismatch, BlobNotFoundError if absent. */
  abstract read(sha256: string): Promise<Buffer>;
  /** Copies the blob to `target` (verified), e.g. to hand it to reprepro or sbuild. */
  abstract copyTo(sha256: string, target: string): Promise<void>;
}
