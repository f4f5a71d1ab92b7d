import { map, type Observable } from 'rxjs';
import { upcastRecorded } from '../catalogue/upcasters.js';
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
 * The event store port. Adapters: SQLite (embedded default), PostgreSQL, KurrentDB, in memory.
 * Every adapter passes the shared contract suite (event-store.contract.ts).
 *
 * Reads hand out every event upcast to the current version of its type (catalogue/upcasters.ts),
 * here and nowhere else: adapters implement `readStoredStream`, `readStoredAll` and `subscribeStored`,
 * which hand out events as stored. The hash chain is verified on the stored form, which
 * `storedForm(event)` gives back for an upcast event.
 */
export abstract class EventStore {
  /** Atomically appends all events or none; throws WrongExpectedVersionError on a conflict. */
  abstract append(streamId: string, events: readonly Event[], expected: ExpectedVersion): Promise<AppendResult>;

  /** Events of one stream in order, from revision `from` (inclusive, default 0), upcast. */
  async readStream(streamId: string, from = 0): Promise<RecordedEvent[]> {
    return (await this.readStoredStream(streamId, from)).map(upcastRecorded);
  }

  /** Events of all streams in global order, upcast. */
  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    return (await this.readStoredAll(options)).map(upcastRecorded);
  }

  /** Position of the last stored event (0 if empty). */
  abstract headPosition(): Promise<number>;

  /**
   * Catches up from `after` (exclusive), then follows live appends; no gap, no duplicate; upcast.
   * Completes when the store is closed.
   */
  subscribeAll(after = 0): Observable<RecordedEvent> {
    return this.subscribeStored(after).pipe(map(upcastRecorded));
  }

  abstract close(): Promise<void>;

  /**
   * The adapter's read of one stream, events as stored. (Not abstract only so that a test double
   * may override readStream itself instead; every adapter implements it.)
   */
  protected readStoredStream(_streamId: string, _from: number): Promise<RecordedEvent[]> {
    return Promise.reject(new Error(`${this.constructor.name} implements neither readStream nor readStoredStream`));
  }

  /** The adapter's read of the global order, events as stored (see readStoredStream). */
  protected readStoredAll(_options: ReadAllOptions): Promise<RecordedEvent[]> {
    return Promise.reject(new Error(`${this.constructor.name} implements neither readAll nor readStoredAll`));
  }

  /** The adapter's subscription, events as stored (see readStoredStream). */
  protected subscribeStored(_after: number): Observable<RecordedEvent> {
    throw new Error(`${this.constructor.name} implements neither subscribeAll nor subscribeStored`);
  }
}
