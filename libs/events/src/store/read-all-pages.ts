import type { RecordedEvent } from '../event.js';
import type { EventStore } from './event-store.port.js';

/** Every event after `after` in global order, read page by page (for verifyChain, replays, exports). */
export async function* readAllPages(store: EventStore, after = 0, pageSize = 5_000): AsyncGenerator<RecordedEvent> {
  let cursor = after;
  for (;;) {
    const page = await store.readAll({ after: cursor, limit: pageSize });
    yield* page;
    if (page.length < pageSize) return;
    cursor = page.at(-1)!.position;
  }
}
