import type { RecordedEvent } from '@mbd/events';
import { actorName } from '@mbd/projections';

/** One line of the audit log as the API returns it. */
export interface AuditEntry {
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

export const toAuditEntry = (event: RecordedEvent): AuditEntry => ({
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
