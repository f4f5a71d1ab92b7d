import type { EventStore, RecordedEvent } from '@mbd/events';

/** Where a replay stops: at a global position (inclusive) or at a time (events that happened up to then). */
export type LogBound = { readonly position: number } | { readonly time: string | Date };

const pageSize = 1000;

/**
 * The log from the start up to `until` (all of it without a bound), page by page. A time bound cuts the
 * log at the first event that happened after it, so the result is always a prefix of the log.
 */
export async function* readLogUntil(store: EventStore, until?: LogBound): AsyncGenerator<RecordedEvent[]> {
  const lastPosition = until && 'position' in until ? until.position : Number.POSITIVE_INFINITY;
  const lastTime = until && 'time' in until ? new Date(until.time).getTime() : Number.POSITIVE_INFINITY;
  if (Number.isNaN(lastTime)) throw new RangeError(`"${String((until as { time: unknown }).time)}" is not a time`);
  let after = 0;
  for (;;) {
    const page = await store.readAll({ after, limit: pageSize });
    const kept: RecordedEvent[] = [];
    for (const event of page) {
      if (event.position > lastPosition || Date.parse(event.metadata.occurredAt) > lastTime) {
        if (kept.length > 0) yield kept;
        return;
      }
      kept.push(event);
    }
    if (kept.length > 0) yield kept;
    if (page.length < pageSize) return;
    after = page.at(-1)!.position;
  }
}

/** The position a bound resolves to in the current log: the last event it includes (0 for none). */
export async function resolveLogBound(store: EventStore, until: LogBound): Promise<number> {
  if ('position' in until) return Math.min(until.position, await store.headPosition());
  let position = 0;
  for await (const page of readLogUntil(store, until)) position = page.at(-1)!.position;
  return position;
}
