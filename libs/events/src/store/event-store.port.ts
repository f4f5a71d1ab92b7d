import type { Observable } from 'rxjs';
import type { Event, RecordedEvent } from '../event.js';

/**
 * What the appender expects of the stream: its current revision (0-based, the last event's
 * streamVersion), 'no-stream' (must not exist yet) or 'any' (no check).
 */
export type ExpectedVersion = number | 'no-stream' | 'any';

export interface AppendResult {
  /** The stream's new revision (streamVersion of the last appended event). */
  readonly nextExpectedVersion: number;
  /** Global position of the last appended event. */
  readonly position: number;
  /** The appended events as stored (ids, positions, hashes). */
  readonly events: readonly RecordedEvent[];
}

export interface ReadAllOptions {
  /** Exclusive: return events with position > after. Default 0 (from the start). */
  readonly after?: number;
  readonly limit?: number;
}

/**
 * The event store port. Adapters: SQLite (embedded default), PostgreSQL, KurrentDB, in memory; each
 * extends UpcastingEventStore, so that every read hands out events upcast to the current version of
 * their type. Every adapter passes the shared contract suite (event-store.contract.ts).
 */
export abstract class EventStore {
  /** Atomically appends all events or none; throws WrongExpectedVersionError on a conflict. */
  abstract append(streamId: string, events: readonly Event[], expected: ExpectedVersion): Promise<AppendResult>;
  /** Events of one stream in order, from revision `from` (inclusive, default 0), upcast. */
  abstract readStream(streamId: string, from?: number): Promise<RecordedEvent[]>;
  /** Events of all streams in global order, upcast. */
  abstract readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
  /** Position of the last stored event (0 if empty). */
  abstract headPosition(): Promise<number>;
  /**
   * Catches up from `after` (exclusive), then follows live appends, upcast; no gap, no duplicate.
   * Completes when the store is closed.
   */
  abstract subscribeAll(after?: number): Observable<RecordedEvent>;
  abstract close(): Promise<void>;
}
