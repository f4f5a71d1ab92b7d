import type { Actor, RecordedEvent } from '@mbd/events';

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

export const actorName = (actor: Actor): string => {
  switch (actor.kind) {
    case 'user':
      return `user:${actor.name}`;
    case 'key':
      return `key:${actor.fingerprint}`;
    case 'remote':
      return `remote:${actor.name}`;
    case 'daemon':
      return 'daemon';
    default: {
      const unreachable: never = actor;
      return String(unreachable);
    }
  }
};

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
