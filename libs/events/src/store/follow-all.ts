import { Observable } from 'rxjs';
import type { RecordedEvent } from '../event.js';

export interface FollowAllSource {
  /** Events with position > after in global order, at most `limit`. */
  readPage(after: number, limit: number): Promise<readonly RecordedEvent[]>;
  /** Emits after each committed append (payload ignored); completes when the store closes, errors when notifications are lost. */
  readonly appended: Observable<unknown>;
}

export const FOLLOW_PAGE_SIZE = 1_000;

/**
 * The subscription every adapter offers: catch up from `after` in pages, then on every append
 * notification read on from the last delivered position. Events are only ever emitted from reads
 * in global order, never from a notification's payload, so there is no gap and no duplicate.
 * Completes when `appended` completes (the store was closed).
 */
export function followAll(source: FollowAllSource, after: number, pageSize = FOLLOW_PAGE_SIZE): Observable<RecordedEvent> {
  return new Observable<RecordedEvent>((subscriber) => {
    let cursor = after;
    let pending = true;
    let reading = false;
    let stopped = false;
    const pump = async (): Promise<void> => {
      if (reading) return;
      reading = true;
      try {
        while (pending && !stopped) {
          pending = false;
          for (;;) {
            const page = await source.readPage(cursor, pageSize);
            for (const event of page) {
              if (stopped) return;
              subscriber.next(event);
              cursor = event.position;
            }
            if (page.length < pageSize || stopped) break;
          }
        }
      } catch (error) {
        if (!stopped) subscriber.error(error);
      } finally {
        reading = false;
      }
    };
    const notifications = source.appended.subscribe({
      next: () => {
        pending = true;
        void pump();
      },
      error: (error: unknown) => {
        stopped = true;
        subscriber.error(error);
      },
      complete: () => {
        stopped = true;
        subscriber.complete();
      },
    });
    void pump();
    return () => {
      stopped = true;
      notifications.unsubscribe();
    };
  });
}
