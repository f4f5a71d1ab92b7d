/** A builder call refused: `status` is the HTTP status the API answers with, the message says why. */
export class RemoteBuildError extends Error {
  constructor(
    readonly status: 400 | 403 | 404 | 409 | 413,
    message: string,
  ) {
    super(message);
    this.name = 'RemoteBuildError';
  }
}
