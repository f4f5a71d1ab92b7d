import { Subject, type Observable } from 'rxjs';
import type { Event, RecordedEvent } from '../event.js';
import type { AppendResult, ExpectedVersion, ReadAllOptions } from './event-store.port.js';
import { UpcastingEventStore } from './upcasting-event-store.js';
import { checkExpectedVersion, nextStreamVersion } from './expected-version.js';
import { followAll } from './follow-all.js';
import { EMPTY_CHAIN, chainEvents, toRecordedEvent } from './hash-chain.js';

/**
 * An event store in memory, for unit tests of deciders, process managers and projections. It has
 * the same semantics as the real adapters (it passes the shared contract suite) but keeps nothing.
 */
export class InMemoryEventStore extends UpcastingEventStore {
  private readonly events: RecordedEvent[] = [];
  private readonly streams = new Map<string, RecordedEvent[]>();
  private readonly appended = new Subject<void>();
  private closed = false;

  append(streamId: string, events: readonly Event[], expected: ExpectedVersion): Promise<AppendResult> {
    if (this.closed) return Promise.reject(new Error('the in-memory event store is closed'));
    const stream = this.streams.get(streamId) ?? [];
    const actual = stream.length > 0 ? stream.length - 1 : 'no-stream';
    try {
      checkExpectedVersion(streamId, expected, actual);
    } catch (error) {
      return Promise.reject(error as Error);
    }
    const head = this.events.at(-1) ?? EMPTY_CHAIN;
    const recorded = chainEvents(head, streamId, nextStreamVersion(actual), events).map(toRecordedEvent);
    if (recorded.length > 0) {
      this.events.push(...recorded);
      this.streams.set(streamId, [...stream, ...recorded]);
      this.appended.next();
    }
    return Promise.resolve({
      nextExpectedVersion: recorded.at(-1)?.streamVersion ?? stream.length - 1,
      position: this.events.at(-1)?.position ?? 0,
      events: recorded,
    });
  }

  protected readStoredStream(streamId: string, from: number): Promise<RecordedEvent[]> {
    return Promise.resolve((this.streams.get(streamId) ?? []).slice(from));
  }

  protected readStoredAll(options: ReadAllOptions): Promise<RecordedEvent[]> {
    const start = options.after ?? 0;
    return Promise.resolve(this.events.slice(start, options.limit === undefined ? undefined : start + options.limit));
  }

  headPosition(): Promise<number> {
    return Promise.resolve(this.events.length);
  }

  protected subscribeStored(after: number): Observable<RecordedEvent> {
    return followAll({ readPage: (from, limit) => this.readStoredAll({ after: from, limit }), appended: this.appended }, after);
  }

  close(): Promise<void> {
    this.closed = true;
    this.appended.complete();
    return Promise.resolve();
  }

  /** Test hook: replaces the data of the stored event at `position`, as a hand-edited database row would. */
  tamper(position: number, data: unknown): void {
    const index = position - 1;
    const event = this.events[index];
    if (!event) throw new Error(`no event at position ${position}`);
    this.events[index] = { ...event, data };
  }
}
