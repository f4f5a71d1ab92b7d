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

/** The query listAuditLog runs for `filter` (one row more than the page, to tell whether another follows). */
export function auditLogQuery(manager: EntityManager, filter: AuditLogFilter, limit: number): SelectQueryBuilder<AuditLogEntry> {
  const query = manager
    .createQueryBuilder(AuditLogEntry, 'entry')
    .where('entry.position > :after', { after: filter.afterPosition ?? 0 })
    .orderBy('entry.position', filter.order === 'desc' ? 'DESC' : 'ASC')
    .limit(limit + 1);
  if (filter.beforePosition !== undefined) query.andWhere('entry.position < :before', { before: filter.beforePosition });
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
