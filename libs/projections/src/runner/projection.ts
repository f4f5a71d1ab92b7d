import type { RecordedEvent } from '@mbd/events';
import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';

/**
 * A read model fed by the event log. The runner hands it, in global order and inside the transaction
 * that also moves its checkpoint, the events of one batch that it handles and that lie above its
 * checkpoint. A projection writes only its own tables, never reads another projection, never appends.
 */
export interface Projection {
  /** Stable name: the key of its checkpoint and the argument of `mbd projections rebuild <name>`. */
  readonly name: string;
  /** Event types it reacts to ('all': every event); any other event only advances its checkpoint. */
  readonly handles: readonly string[] | 'all';
  /** The tables it owns; a rebuild empties them. */
  readonly entities: readonly EntityTarget<ObjectLiteral>[];
  apply(manager: EntityManager, events: readonly RecordedEvent[]): Promise<void>;
}
