import { validateEvent, type RecordedEvent } from '@mbd/events';
import { actorName } from '../audit-log/actor-name.js';
import { chunked } from '../chunks.js';
import type { Projection } from '../runner/projection.js';
import { RollbackHistoryEntry, type RollbackAction } from './rollback-history-entry.entity.js';

interface Step {
  readonly distribution: string;
  readonly source: string;
  readonly version: string;
  readonly action: RollbackAction;
  readonly rollback: number | null;
  readonly rollbacks: readonly string[] | null;
}

/** The rollback steps an event records (pure). */
export const rollbackSteps = (recorded: RecordedEvent): Step[] => {
  const event = validateEvent(recorded);
  switch (event.type) {
    case 'PackageRotatedToRollback': {
      const { distribution, source, version, rollbacks, dropped } = event.data;
      return [
        { distribution, source, version, action: 'rotated', rollback: 0, rollbacks },
        ...dropped.map((gone): Step => ({ distribution, source, version: gone, action: 'dropped', rollback: null, rollbacks })),
      ];
    }
    case 'PackageRemovedFromRollback': {
      const { distribution, source, version, rollback, rollbacks } = event.data;
      return [{ distribution, source, version, action: 'removed', rollback, rollbacks }];
    }
    case 'PackageRestored': {
      const { distribution, source, version, rollback } = event.data;
      return [{ distribution, source, version, action: 'restored', rollback, rollbacks: null }];
    }
    default:
      return [];
  }
};

/** The rollback history of every source in every distribution. */
export const rollbackHistoryProjection: Projection = {
  name: 'rollback-history',
  handles: ['PackageRotatedToRollback', 'PackageRemovedFromRollback', 'PackageRestored'],
  entities: [RollbackHistoryEntry],
  async apply(manager, events) {
    const rows = events.flatMap((event) =>
      rollbackSteps(event).map(
        (step): RollbackHistoryEntry => ({
          ...step,
          position: event.position,
          rollbacks: step.rollbacks === null ? null : JSON.stringify(step.rollbacks),
          actor: actorName(event.metadata.actor),
          occurredAt: new Date(event.metadata.occurredAt).toISOString(),
        }),
      ),
    );
    for (const chunk of chunked(rows, 10)) await manager.insert(RollbackHistoryEntry, chunk);
  },
};
