/** Why a whole-upload retry was not done: a closed set, mapped to HTTP by the controller. */
export type UploadRetryErrorCode = 'upload-unknown' | 'refused';

export class UploadRetryError extends Error {
  constructor(
    readonly code: UploadRetryErrorCode,
    message: string,
    /** For `refused`: every reason, as UploadRetryRefused recorded them. */
    readonly reasons: readonly string[] = [message],
  ) {
    super(message);
    this.name = 'UploadRetryError';
  }
}
