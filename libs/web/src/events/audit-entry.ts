import type { RecordedEvent } from '@mbd/events';
import { actorName, type AuditLogItem } from '@mbd/projections';

/** A live event as the audit log shows it (the same shape as the audit-log read model's rows). */
export const toAuditEntry = (event: RecordedEvent): AuditLogItem => ({
  position: event.position,
  id: event.id,
  streamId: event.streamId,
  type: event.type,
  version: event.version,
  actor: actorName(event.metadata.actor),
  correlationId: event.metadata.correlationId,
  causationId: event.metadata.causationId,
  occurredAt: event.metadata.occurredAt,
  data: event.data,
});
