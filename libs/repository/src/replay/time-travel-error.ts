/**
 * Why a time-travel request (`/repositories/<id>/@<position|time>/`) cannot be answered: a closed set
 * with codes; the web layer maps each code to an HTTP status.
 */
export enum TimeTravelErrorCode {
  /** Neither a log position (digits) nor an ISO 8601 time. */
  Malformed = 'time-travel-malformed',
  /** A time after now: the archive's future is not known. */
  Future = 'time-travel-future',
  /** A position outside 1..head, or a time before the first event. */
  NotFound = 'time-travel-not-found',
  /** Anything but the head was asked where only the head may be given (anonymous clients). */
  NotHead = 'time-travel-not-head',
  /** A rebuild runs and the queue of waiting rebuilds is full. */
  Busy = 'time-travel-busy',
}

export class TimeTravelError extends Error {
  constructor(
    readonly code: TimeTravelErrorCode,
    message: string,
    /** For Busy: seconds after which trying again makes sense. */
    readonly retryAfterS?: number,
  ) {
    super(message);
    this.name = 'TimeTravelError';
  }
}
