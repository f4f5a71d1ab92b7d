import { map, type Observable } from 'rxjs';
import { upcastRecorded } from '../catalogue/upcasters.js';
import type { RecordedEvent } from '../event.js';
import { EventStore, type ReadAllOptions } from './event-store.port.js';

/**
 * What every adapter extends: the one place where reads upcast (catalogue/upcasters.ts). An adapter
 * reads events as stored (`readStoredStream`, `readStoredAll`, `subscribeStored`); readStream, readAll
 * and subscribeAll hand them out upcast to the current version of their type. An upcast event keeps
 * its stored form (`storedForm`), over which the hash chain is verified.
 */
export abstract class UpcastingEventStore extends EventStore {
  async readStream(streamId: string, from = 0): Promise<RecordedEvent[]> {
    return (await this.readStoredStream(streamId, from)).map(upcastRecorded);
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    return (await this.readStoredAll(options)).map(upcastRecorded);
  }

  subscribeAll(after = 0): Observable<RecordedEvent> {
    return this.subscribeStored(after).pipe(map(upcastRecorded));
  }

  /** One stream from revision `from`, as stored. */
  protected abstract readStoredStream(streamId: string, from: number): Promise<RecordedEvent[]>;
  /** The global order, as stored. */
  protected abstract readStoredAll(options: ReadAllOptions): Promise<RecordedEvent[]>;
  /** The subscription, events as stored. */
  protected abstract subscribeStored(after: number): Observable<RecordedEvent>;
}
