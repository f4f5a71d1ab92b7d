/** Why a command cannot even be decided (a precondition the caller should have checked): API 404/409. */
export type ArchiveErrorCode =
  | 'upload-unknown'
  | 'upload-conflict'
  | 'build-not-cancellable'
  | 'build-not-retryable'
  | 'configuration-exists'
  | 'configuration-absent'
  | 'not-parked';

export class ArchiveError extends Error {
  readonly type = 'archive-error' as const;
  constructor(
    readonly code: ArchiveErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ArchiveError';
  }
}

export const isArchiveError = (error: unknown): error is ArchiveError => error instanceof ArchiveError;
