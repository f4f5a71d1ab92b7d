/** Why a debdiff could not be answered: a closed set, each mapped to an HTTP status by the controller. */
export type DebdiffErrorCode = 'version-unknown' | 'busy' | 'timed-out' | 'failed';

export class DebdiffError extends Error {
  constructor(
    readonly code: DebdiffErrorCode,
    message: string,
    /** For `busy`: seconds after which a new request may find a free slot. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'DebdiffError';
  }
}
