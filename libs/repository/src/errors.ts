/**
 * Errors of @mbd/repository: a closed set with codes, each naming what is wrong and where.
 */
export enum RepositoryErrorCode {
  BlobNotFound = 'blob-not-found',
  BlobCorrupt = 'blob-corrupt',
  RepreproFailed = 'reprepro-failed',
  RebuildTargetNotEmpty = 'rebuild-target-not-empty',
}

export abstract class RepositoryError extends Error {
  abstract readonly code: RepositoryErrorCode;
}

/** No blob with this SHA-256 is in the store (`where` stays out of the message: reasons reach uploaders). */
export class BlobNotFoundError extends RepositoryError {
  readonly code = RepositoryErrorCode.BlobNotFound;
  constructor(
    readonly sha256: string,
    readonly where: string,
  ) {
    super(`blob ${sha256} is not in the blob store`);
    this.name = 'BlobNotFoundError';
  }
}

/** A stored blob's bytes no longer hash to its name: the file was changed or truncated on disk. */
export class BlobCorruptError extends RepositoryError {
  readonly code = RepositoryErrorCode.BlobCorrupt;
  constructor(
    readonly sha256: string,
    readonly actual: string,
    readonly where: string,
  ) {
    super(`blob ${sha256} is corrupt: its content at ${where} hashes to ${actual}`);
    this.name = 'BlobCorruptError';
  }
}

/** A reprepro call exited with a non-zero status (or could not be started). */
export class RepreproError extends RepositoryError {
  readonly code = RepositoryErrorCode.RepreproFailed;
  constructor(
    readonly command: string,
    readonly exitCode: number | undefined,
    readonly stderr: string,
  ) {
    super(`reprepro failed (exit ${exitCode ?? 'none'}): ${command}\n${stderr.trim()}`);
    this.name = 'RepreproError';
  }
}

/** A rebuild writes into a fresh directory only, never over an existing tree. */
export class RebuildTargetNotEmptyError extends RepositoryError {
  readonly code = RepositoryErrorCode.RebuildTargetNotEmpty;
  constructor(
    readonly out: string,
    readonly found: readonly string[],
  ) {
    super(`cannot rebuild into ${out}: it is not empty (it holds ${found.slice(0, 3).join(', ')}${found.length > 3 ? ', …' : ''})`);
    this.name = 'RebuildTargetNotEmptyError';
  }
}
