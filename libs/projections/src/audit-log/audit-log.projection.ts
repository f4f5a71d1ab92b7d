import type { RecordedEvent } from '@mbd/events';
import type { EntityManager } from 'typeorm';
import { chunked } from '../chunks.js';
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

const columns = 11;

/** Every event, as it was recorded: one row per global position. */
export const auditLogProjection: Projection = {
  name: 'audit-log',
  handles: 'all',
  entities: [AuditLogEntry],
  async apply(manager: EntityManager, events: readonly RecordedEvent[]): Promise<void> {
    for (const rows of chunked(events.map(toAuditLogEntry), columns)) {
      await manager.createQueryBuilder().insert().into(AuditLogEntry).values(rows).execute();
    }
  },
};
