import { WrongExpectedVersionError } from './errors.js';
import type { ExpectedVersion } from './event-store.port.js';

/** A stream's current revision: the last event's streamVersion, or 'no-stream'. */
export type StreamRevision = number | 'no-stream';

/** Throws WrongExpectedVersionError unless the stream is where the appender expects it. */
export function checkExpectedVersion(streamId: string, expected: ExpectedVersion, actual: StreamRevision): void {
  if (expected === 'any' || expected === actual) return;
  throw new WrongExpectedVersionError(streamId, expected, actual);
}

/** The stream version the next appended event gets. */
export const nextStreamVersion = (actual: StreamRevision): number => (actual === 'no-stream' ? 0 : actual + 1);
