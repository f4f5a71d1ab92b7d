import type { EntityManager, SelectQueryBuilder } from 'typeorm';
import { AuditLogEntry } from './audit-log-entry.entity.js';

export interface AuditLogFilter {
  readonly stream?: string;
  readonly type?: string;
  /** As actorName() writes it: `user:alice`, `key:<fingerprint>`, `remote:<name>`, `daemon`. */
  readonly actor?: string;
  readonly correlationId?: string;
  /** The source package an event is about (an upload's events: every event of its stream). */
  readonly source?: string;
  /** The distribution an event is about, e.g. `bookworm-test-unstable`. */
  readonly distribution?: string;
  /** The repository an event is about, e.g. `test`. */
  readonly repository?: string;
  /** Inclusive time range over occurredAt. */
  readonly since?: Date;
  readonly until?: Date;
  /** Exclusive: entries with a position above this (the `nextAfter` of the previous ascending page). */
  readonly afterPosition?: number;
  /** Exclusive: entries with a position below this (the `nextBefore` of the previous descending page). */
  readonly beforePosition?: number;
  /** 'asc' (default): oldest first, paged by nextAfter; 'desc': newest first, paged by nextBefore. */
  readonly order?: 'asc' | 'desc';
  /** Page size, 1…1000 (default 100). */
  readonly limit?: number;
}

/** One line of the audit log. */
export interface AuditLogItem {
  readonly position: number;
  readonly id: string;
  readonly streamId: string;
  readonly type: string;
  readonly version: number;
  readonly actor: string;
  readonly correlationId: string;
  readonly causationId?: string;
  readonly occurredAt: string;
  readonly data: unknown;
  /** What the event is about, where known (see auditLogSubject). */
  readonly source?: string;
  readonly distribution?: string;
  readonly repository?: string;
}

export interface AuditLogPage {
  readonly items: AuditLogItem[];
  /** Ascending pages: pass as afterPosition for the next page; null when this page is the last (and on descending pages). */
  readonly nextAfter: number | null;
  /** Descending pages only: pass as beforePosition for the next, older page; null when this page is the last. */
  readonly nextBefore?: number | null;
}

export const maxAuditLogPage = 1000;

const toItem = (row: AuditLogEntry): AuditLogItem => ({
  position: row.position,
  id: row.eventId,
  streamId: row.streamId,
  type: row.type,
  version: row.version,
  actor: row.actor,
  correlationId: row.correlationId,
  ...(row.causationId === null ? {} : { causationId: row.causationId }),
  occurredAt: row.occurredAt,
  data: JSON.parse(row.data) as unknown,
  ...(row.source === null ? {} : { source: row.source }),
  ...(row.distribution === null ? {} : { distribution: row.distribution }),
  ...(row.repository === null ? {} : { repository: row.repository }),
});

/** The columns filtered by equality; each has an index (column, position), so a page reads only its rows. */
const equalityFilters = ['stream', 'type', 'actor', 'correlationId', 'source', 'distribution', 'repository'] as const;
const filterColumns: Record<(typeof equalityFilters)[number], keyof AuditLogEntry> = {
  stream: 'streamId',
  type: 'type',
  actor: 'actor',
  correlationId: 'correlationId',
  source: 'source',
  distribution: 'distribution',
  repository: 'repository',
};

/**
 * How far an event's occurredAt may lie before that of an event earlier in the log. Events are appended
 * in time order, give or take the moment between a command stamping occurredAt and its append and the
 * interleaving of concurrent writers (milliseconds); the time filters rely on this bound (positionBounds).
 */
const auditLogClockSkewMs = 60_000;

/** `at` moved by `ms`, as occurred_at text; undefined outside the years 0000-9999, where text order is not time order. */
function occurredAtText(at: Date, ms: number): string | undefined {
  const moved = new Date(at.getTime() + ms);
  const year = moved.getUTCFullYear();
  return year >= 0 && year <= 9999 ? moved.toISOString() : undefined;
}

/**
 * A subquery for where the log crosses a time: the least x in (lo, hi] such that the first row at or
 * after position x has occurred_at `reached` :`parameter`, or there is no such row. It bisects (lo, hi],
 * each step a primary-key lookup of the first row at or after the middle, so gaps between positions do
 * not matter and it costs about log2(hi - lo) lookups. `seed` selects lo and hi.
 */
const crossing = (reached: '>=' | '>', parameter: string, seed: string): string => {
  const probe = `COALESCE((SELECT occurred_at ${reached} :${parameter} FROM audit_log WHERE position >= (lo + hi) / 2 ORDER BY position LIMIT 1), TRUE)`;
  return `(WITH RECURSIVE bisect(lo, hi) AS (${seed} UNION ALL
    SELECT CASE WHEN ${probe} THEN lo ELSE (lo + hi) / 2 END, CASE WHEN ${probe} THEN (lo + hi) / 2 ELSE hi END FROM bisect WHERE hi - lo > 1)
    SELECT MIN(hi) FROM bisect)`;
};

/**
 * The page's bounds on position, since and until included: a time-filtered page then reads only rows
 * of its time range, in position order (occurred_at has no index in that order).
 *
 * occurredAt grows with position give or take auditLogClockSkewMs, so the rows with occurred_at >= since
 * all lie at or after the first row reaching since - skew, and those with occurred_at <= until all lie
 * before the first row past until + skew (whichever first row the bisection finds, where skews make the
 * log cross a time more than once). The exact conditions on occurred_at stay in the query, so a page
 * holds exactly the plain filter's rows. Larger skews break this: when an event is stamped more than the
 * skew before an event earlier in the log (a writer whose clock lags another's by more than a minute,
 * events stamped long before their append), a since or until between the two stamps can leave rows of
 * that stretch out of the pages. Rows can only go missing; none is listed that the plain filter would not list.
 *
 * The bisections run between afterPosition and beforePosition and replace them, so the query has one
 * lower bound and at most one upper bound on position: SQLite starts its index range on only one.
 */
function positionBounds(query: SelectQueryBuilder<AuditLogEntry>, filter: AuditLogFilter): void {
  const before = filter.beforePosition;
  const window = { after: filter.afterPosition ?? 0, ...(before === undefined ? {} : { before }) };
  const seed = `SELECT CAST(:after AS bigint), ${before === undefined ? 'COALESCE(MAX(position), 0) + 1 FROM audit_log' : 'CAST(:before AS bigint)'}`;
  const from = filter.since && occurredAtText(filter.since, -auditLogClockSkewMs);
  const to = filter.until && occurredAtText(filter.until, auditLogClockSkewMs);
  if (from === undefined) query.andWhere('entry.position > :after', window);
  else query.andWhere(`entry.position >= ${crossing('>=', 'from', seed)}`, { ...window, from });
  if (to !== undefined) query.andWhere(`entry.position < ${crossing('>', 'to', seed)}`, { ...window, to });
  else if (before !== undefined) query.andWhere('entry.position < :before', window);
}

/** The query listAuditLog runs for `filter` (one row more than the page, to tell whether another follows). */
export function auditLogQuery(manager: EntityManager, filter: AuditLogFilter, limit: number): SelectQueryBuilder<AuditLogEntry> {
  const query = manager
    .createQueryBuilder(AuditLogEntry, 'entry')
    .orderBy('entry.position', filter.order === 'desc' ? 'DESC' : 'ASC')
    .limit(limit + 1);
  positionBounds(query, filter);
  for (const name of equalityFilters) {
    const value = filter[name];
    if (value !== undefined) query.andWhere(`entry.${filterColumns[name]} = :${name}`, { [name]: value });
  }
  if (filter.since !== undefined) query.andWhere('entry.occurredAt >= :since', { since: filter.since.toISOString() });
  if (filter.until !== undefined) query.andWhere('entry.occurredAt <= :until', { until: filter.until.toISOString() });
  return query;
}

/**
 * The audit log in global order (oldest or newest first), filtered, one page at a time. Paging is by
 * position (keyset), so a page costs the same at any depth and new events never shift later pages.
 */
export async function listAuditLog(manager: EntityManager, filter: AuditLogFilter = {}): Promise<AuditLogPage> {
  const limit = Math.min(Math.max(filter.limit ?? 100, 1), maxAuditLogPage);
  const rows = await auditLogQuery(manager, filter, limit).getMany();
  const items = rows.slice(0, limit).map(toItem);
  const next = rows.length > limit ? items.at(-1)!.position : null;
  return filter.order === 'desc' ? { items, nextAfter: null, nextBefore: next } : { items, nextAfter: next };
}

/** The audit log's line for the event at `position`; undefined when there is none. */
export async function getAuditLogEntry(manager: EntityManager, position: number): Promise<AuditLogItem | undefined> {
  const row = await manager.findOneBy(AuditLogEntry, { position });
  return row ? toItem(row) : undefined;
}
