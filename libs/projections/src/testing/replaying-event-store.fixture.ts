import { randomUUID } from 'node:crypto';
import { EventStore, type AppendResult, type Event, type ExpectedVersion, type ReadAllOptions, type RecordedEvent } from '@mbd/events';
import { Observable, Subject } from 'rxjs';

/**
 * Test double of the EventStore port for projection specs: an in-memory log whose subscribeAll catches
 * up and follows live appends, and which can be told to misbehave by re-delivering from an earlier
 * position than asked (as a store resuming after a network error may).
 */
export class ReplayingEventStore extends EventStore {
  readonly events: RecordedEvent[] = [];
  /** When set, subscribeAll(after) starts at this position instead of `after`. */
  redeliverFrom: number | undefined;
  private readonly appended = new Subject<void>();

  append(streamId: string, events: readonly Event[], _expected: ExpectedVersion): Promise<AppendResult> {
    const base = this.events.filter((event) => event.streamId === streamId).length;
    const recorded = events.map(
      (event, index): RecordedEvent => ({
        ...event,
        id: randomUUID(),
        streamId,
        streamVersion: base + index,
        position: this.events.length + index + 1,
        prevHash: '',
        hash: '',
      }),
    );
    this.events.push(...recorded);
    this.appended.next();
    return Promise.resolve({ nextExpectedVersion: base + events.length - 1, position: this.events.length, events: recorded });
  }

  readStream(streamId: string, from = 0): Promise<RecordedEvent[]> {
    return Promise.resolve(this.events.filter((event) => event.streamId === streamId).slice(from));
  }

  readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const after = options.after ?? 0;
    return Promise.resolve(this.events.slice(after, options.limit === undefined ? undefined : after + options.limit));
  }

  headPosition(): Promise<number> {
    return Promise.resolve(this.events.length);
  }

  subscribeAll(after = 0): Observable<RecordedEvent> {
    return new Observable<RecordedEvent>((subscriber) => {
      let delivered = this.redeliverFrom ?? after;
      const deliver = () => {
        while (delivered < this.events.length && !subscriber.closed) subscriber.next(this.events[delivered++]!);
      };
      const live = this.appended.subscribe({ next: deliver, complete: () => subscriber.complete() });
      queueMicrotask(deliver);
      return () => live.unsubscribe();
    });
  }

  close(): Promise<void> {
    this.appended.complete();
    return Promise.resolve();
  }
}
