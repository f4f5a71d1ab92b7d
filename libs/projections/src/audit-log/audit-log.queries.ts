import type { EntityManager } from 'typeorm';
import { AuditLogEntry } from './audit-log-entry.entity.js';

export interface AuditLogFilter {
  readonly stream?: string;
  readonly type?: string;
  /** As actorName() writes it: `user:alice`, `key:<fingerprint>`, `remote:<name>`, `daemon`. */
  readonly actor?: string;
  readonly correlationId?: string;
  /** Inclusive time range over occurredAt. */
  readonly since?: Date;
  readonly until?: Date;
  /** Exclusive: entries with a position above this (the `nextAfter` of the previous page). */
  readonly afterPosition?: number;
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
}

export interface AuditLogPage {
  readonly items: AuditLogItem[];
  /** Pass as afterPosition for the next page; null when this page is the last. */
  readonly nextAfter: number | null;
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
});

/** The audit log in global order, filtered, one page at a time. */
export async function listAuditLog(manager: EntityManager, filter: AuditLogFilter = {}): Promise<AuditLogPage> {
  const limit = Math.min(Math.max(filter.limit ?? 100, 1), maxAuditLogPage);
  const query = manager
    .createQueryBuilder(AuditLogEntry, 'entry')
    .where('entry.position > :after', { after: filter.afterPosition ?? 0 })
    .orderBy('entry.position', 'ASC')
    .limit(limit);
  if (filter.stream !== undefined) query.andWhere('entry.streamId = :stream', { stream: filter.stream });
  if (filter.type !== undefined) query.andWhere('entry.type = :type', { type: filter.type });
  if (filter.actor !== undefined) query.andWhere('entry.actor = :actor', { actor: filter.actor });
  if (filter.correlationId !== undefined)
    query.andWhere('entry.correlationId = :correlationId', { correlationId: filter.correlationId });
  if (filter.since !== undefined) query.andWhere('entry.occurredAt >= :since', { since: filter.since.toISOString() });
  if (filter.until !== undefined) query.andWhere('entry.occurredAt <= :until', { until: filter.until.toISOString() });
  const rows = await query.getMany();
  return { items: rows.map(toItem), nextAfter: rows.length === limit ? rows.at(-1)!.position : null };
}
