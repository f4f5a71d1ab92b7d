import type { RecordedEvent } from '@mbd/events';
import type { EntityManager } from 'typeorm';
import { bulkInsert } from '../bulk-insert.js';
import { chunked } from '../chunks.js';
import type { Projection } from '../runner/projection.js';
import { actorName } from './actor-name.js';
import { AuditLogEntry } from './audit-log-entry.entity.js';
import { auditLogSubject, inheritSubject, isCompleteSubject, isUploadStream, type AuditLogSubject } from './audit-log-subject.js';

/** The audit log's row for `event`, filed under what the event itself names (see auditLogSubject). */
export const toAuditLogEntry = (event: RecordedEvent): AuditLogEntry => ({
  position: event.position,
  eventId: event.id,
  streamId: event.streamId,
  type: event.type,
  version: event.version,
  actorKind: event.metadata.actor.kind,
  actor: actorName(event.metadata.actor),
  correlationId: event.metadata.correlationId,
  causationId: event.metadata.causationId ?? null,
  occurredAt: new Date(event.metadata.occurredAt).toISOString(),
  data: JSON.stringify(event.data),
  ...auditLogSubject(event),
});

const columns = [
  'position',
  'event_id',
  'stream_id',
  'type',
  'version',
  'actor_kind',
  'actor',
  'correlation_id',
  'causation_id',
  'occurred_at',
  'data',
  'source',
  'distribution',
  'repository',
];
const values = (row: AuditLogEntry): unknown[] => [
  row.position,
  row.eventId,
  row.streamId,
  row.type,
  row.version,
  row.actorKind,
  row.actor,
  row.correlationId,
  row.causationId,
  row.occurredAt,
  row.data,
  row.source,
  row.distribution,
  row.repository,
];

/** The subject of the latest row of each stream (upload streams inherit it, see inheritSubject). */
async function latestSubjects(manager: EntityManager, streams: readonly string[]): Promise<Map<string, AuditLogSubject>> {
  const latest = new Map<string, AuditLogSubject>();
  for (const chunk of chunked(streams, 1)) {
    const rows = await manager
      .createQueryBuilder(AuditLogEntry, 'entry')
      .where('entry.streamId IN (:...streams)', { streams: chunk })
      .andWhere('entry.position = (SELECT MAX(latest.position) FROM audit_log latest WHERE latest.stream_id = entry.stream_id)')
      .getMany();
    for (const { streamId, source, distribution, repository } of rows) latest.set(streamId, { source, distribution, repository });
  }
  return latest;
}

/**
 * Every event, as it was recorded: one row per global position, filed under its source, distribution
 * and repository where it names them; an event of an upload stream is filed under its upload's.
 */
export const auditLogProjection: Projection = {
  name: 'audit-log',
  handles: 'all',
  entities: [AuditLogEntry],
  async apply(manager: EntityManager, events: readonly RecordedEvent[]): Promise<void> {
    const rows = events.map(toAuditLogEntry);
    // the upload streams whose first event here lacks part of its subject and is not the stream's first
    const firstOfStream = new Map<string, number>();
    rows.forEach((row, index) => {
      if (isUploadStream(row.streamId) && !firstOfStream.has(row.streamId)) firstOfStream.set(row.streamId, index);
    });
    const earlier = [...firstOfStream].flatMap(([streamId, index]) =>
      events[index]!.streamVersion > 0 && !isCompleteSubject(rows[index]!) ? [streamId] : [],
    );
    const subjects = await latestSubjects(manager, earlier);
    const filed = rows.map((row) => {
      if (!isUploadStream(row.streamId)) return row;
      const subject = inheritSubject(row, subjects.get(row.streamId));
      subjects.set(row.streamId, subject);
      return { ...row, ...subject };
    });
    await bulkInsert(manager, 'audit_log', columns, filed.map(values));
  },
};
