import type { MessageEvent } from '@nestjs/common';
import type { EventStore, RecordedEvent } from '@mbd/events';
import { actorName, type AuditLogItem, type ProjectionsService } from '@mbd/projections';
import { concatMap, defer, filter, from, map, switchMap, type Observable } from 'rxjs';
import { toAuditEntry } from '../../events/audit-entry.js';
import type { AuditEventData } from './audit-event.page.js';
import { renderAuditRow } from './audit-row.js';
import { AUDIT_PAGE_SIZE, matchesAuditFilters, toAuditLogFilter, type AuditFilters, type AuditQuery } from './audit-query.js';

/** The audit log's answers the pages use (ProjectionsService's audit-log queries). */
export type AuditLogReads = Pick<ProjectionsService, 'listAuditLog' | 'getAuditLogEntry'>;

export interface AuditListing {
  readonly items: AuditLogItem[];
  readonly olderBefore: number | null;
  readonly newerAfter: number | null;
  /** On the first page: the live tail starts after this position. */
  readonly liveAfter?: number;
}

/**
 * One page of the audit log, newest first, by keyset on the position: the first page (no cursor),
 * `before` (older than a position: a descending read) or `after` (newer than a position: an ascending
 * read shown newest first). Never an OFFSET, never a count.
 */
export async function readAuditListing(reads: AuditLogReads, query: AuditQuery, filters: AuditFilters): Promise<AuditListing> {
  const filter = toAuditLogFilter(filters);
  if (query.after !== undefined) {
    const page = await reads.listAuditLog({ ...filter, order: 'asc', afterPosition: query.after, limit: AUDIT_PAGE_SIZE });
    const items = [...page.items].reverse();
    return {
      items,
      newerAfter: page.nextAfter === null ? null : items[0]!.position,
      olderBefore: query.after > 0 ? (items.at(-1)?.position ?? query.after + 1) : null,
    };
  }
  // before the page is read, so that an event recorded meanwhile comes by the live tail (at worst twice), never not at all
  const head = query.before === undefined ? ((await reads.listAuditLog({ order: 'desc', limit: 1 })).items[0]?.position ?? 0) : undefined;
  const page = await reads.listAuditLog({ ...filter, order: 'desc', ...(query.before !== undefined ? { beforePosition: query.before } : {}), limit: AUDIT_PAGE_SIZE });
  const olderBefore = page.nextBefore ?? null;
  if (query.before === undefined) return { items: page.items, olderBefore, newerAfter: null, liveAfter: head! };
  return { items: page.items, olderBefore, newerAfter: page.items[0]?.position ?? (query.before > 1 ? query.before - 1 : null) };
}

/** How far back a live tail catches up at most (a stale or forged `after` does not replay the whole log). */
export const LIVE_CATCH_UP = 1_000;

/** How long a live row waits for the audit log to file its event (for the source, distribution and repository filters). */
const FILED_WAIT = { attempts: 20, delayMs: 250 };

const needsSubject = (filters: AuditFilters): boolean =>
  filters.source !== undefined || filters.distribution !== undefined || filters.repository !== undefined;

/**
 * The audit log's row of a live event. The source, distribution and repository an event is filed under
 * come from the audit log (an upload's later events inherit its package), so when a filter needs them
 * the row waits briefly for the read model; without such a filter the event itself is enough.
 */
function liveRow(reads: AuditLogReads, event: RecordedEvent, filters: AuditFilters): Observable<AuditLogItem> {
  const own = toAuditEntry(event);
  if (!needsSubject(filters)) return from([own]);
  return defer(async () => {
    for (let attempt = 0; attempt < FILED_WAIT.attempts; attempt++) {
      const filed = await reads.getAuditLogEntry(event.position);
      if (filed) return filed;
      await new Promise((resolve) => setTimeout(resolve, FILED_WAIT.delayMs));
    }
    return own;
  });
}

/**
 * The live tail of `/audit` with `filters`: each new event after `after` (or after the log's head),
 * as a rendered `<tr>` in an SSE message whose id is its position (so a reconnect resumes there);
 * people's addresses and token hashes hidden unless the viewer is an `admin`.
 */
export function liveAuditRows(store: EventStore, reads: AuditLogReads, filters: AuditFilters, after: number | undefined, admin = false): Observable<MessageEvent> {
  const matches = matchesAuditFilters(filters);
  // what the event itself tells is checked first, so that only a candidate waits for the audit log
  const { source: _source, distribution: _distribution, repository: _repository, ...own } = filters;
  const candidate = matchesAuditFilters(own);
  return from(store.headPosition()).pipe(
    switchMap((head) => store.subscribeAll(after === undefined ? head : Math.min(head, Math.max(after, head - LIVE_CATCH_UP)))),
    filter((event) => candidate(toAuditEntry(event))),
    concatMap((event) => liveRow(reads, event, filters)),
    filter(matches),
    map((item) => ({ id: String(item.position), type: 'message', data: renderAuditRow(item, admin) })),
  );
}

/** Where to look for the causing event: earlier events of the same story. */
const CAUSATION_LOOKBACK = 200;

/**
 * The event at `position` with what its page shows, read from the store (hashes, stream version) and
 * the audit log (what it is filed under); undefined when the log has no such position.
 */
export async function readAuditEvent(
  store: EventStore,
  reads: AuditLogReads,
  position: number,
  configuredRepositories: readonly string[],
): Promise<AuditEventData | undefined> {
  const window = await store.readAll({ after: Math.max(0, position - 2), limit: position > 1 ? 3 : 2 });
  const event = window.find((candidate) => candidate.position === position);
  if (!event) return undefined;
  const previous = window.find((candidate) => candidate.position === position - 1);
  const next = window.find((candidate) => candidate.position === position + 1);
  const [filed, causationPosition] = await Promise.all([reads.getAuditLogEntry(position), findCausation(reads, event)]);
  const ownRepository = filed?.repository;
  return {
    event,
    actor: actorName(event.metadata.actor),
    ...(filed?.source !== undefined ? { source: filed.source } : {}),
    ...(previous ? { previous: { position: previous.position, hash: previous.hash } } : {}),
    ...(next ? { next: next.position } : {}),
    ...(causationPosition !== undefined ? { causationPosition } : {}),
    repositories: ownRepository !== undefined ? [ownRepository] : [...configuredRepositories].sort(),
  };
}

/** The position of the event that caused `event`, looked up among the earlier events of its story. */
async function findCausation(reads: AuditLogReads, event: RecordedEvent): Promise<number | undefined> {
  const causationId = event.metadata.causationId;
  if (causationId === undefined) return undefined;
  const story = await reads.listAuditLog({ correlationId: event.metadata.correlationId, order: 'desc', beforePosition: event.position, limit: CAUSATION_LOOKBACK });
  return story.items.find((item) => item.id === causationId)?.position;
}
