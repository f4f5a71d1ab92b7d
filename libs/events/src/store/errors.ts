import type { ExpectedVersion } from './event-store.port.js';

/** Optimistic concurrency conflict: nothing was written. */
export class WrongExpectedVersionError extends Error {
  readonly type = 'wrong-expected-version' as const;
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedVersion,
    readonly actual: number | 'no-stream',
  ) {
    super(`stream ${streamId}: expected version ${String(expected)}, actual ${String(actual)}`);
    this.name = 'WrongExpectedVersionError';
  }
}

export const isWrongExpectedVersionError = (error: unknown): error is WrongExpectedVersionError =>
  error instanceof WrongExpectedVersionError;

/** The store cannot be opened or used (corrupt file, unreachable server): start-up stops with this. */
export class EventStoreUnavailableError extends Error {
  readonly type = 'event-store-unavailable' as const;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'EventStoreUnavailableError';
  }
}
