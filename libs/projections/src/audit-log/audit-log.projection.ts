import type { RecordedEvent } from '@mbd/events';
import type { EntityManager } from 'typeorm';
import { bulkInsert } from '../bulk-insert.js';
import type { Projection } from '../runner/projection.js';
import { actorName } from './actor-name.js';
import { AuditLogEntry } from './audit-log-entry.entity.js';

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
});

const columns = ['position', 'event_id', 'stream_id', 'type', 'version', 'actor_kind', 'actor', 'correlation_id', 'causation_id', 'occurred_at', 'data'];
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
];

/** Every event, as it was recorded: one row per global position. */
export const auditLogProjection: Projection = {
  name: 'audit-log',
  handles: 'all',
  entities: [AuditLogEntry],
  async apply(manager: EntityManager, events: readonly RecordedEvent[]): Promise<void> {
    await bulkInsert(manager, 'audit_log', columns, events.map((event) => values(toAuditLogEntry(event))));
  },
};
