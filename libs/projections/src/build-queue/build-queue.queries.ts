import { In, Not, type EntityManager, type FindOptionsWhere } from 'typeorm';
import { BuildQueueEntry, type BuildState } from './build-queue-entry.entity.js';
import { fairOrder } from './fair-order.js';

export interface BuildQueueFilter {
  readonly architecture?: string;
  readonly distribution?: string;
  readonly source?: string;
  /** How many finished builds (built, failed, cancelled) to list, newest first (default 50). */
  readonly finishedLimit?: number;
}

export interface BuildQueueItem extends BuildQueueEntry {
  /** 1-based place in line of a needs-build entry (fairOrder), null otherwise. */
  readonly queuePosition: number | null;
}

const active: BuildState[] = ['building', 'needs-build', 'dep-wait'];

/**
 * The build queue as a person reads it: builds running (oldest start first), then waiting ones in the
 * order they will be served (fairOrder), then those waiting for build dependencies, then the latest
 * finished ones.
 */
export async function listBuildQueue(manager: EntityManager, filter: BuildQueueFilter = {}): Promise<BuildQueueItem[]> {
  const where: FindOptionsWhere<BuildQueueEntry> = {
    ...(filter.architecture === undefined ? {} : { architecture: filter.architecture }),
    ...(filter.distribution === undefined ? {} : { distribution: filter.distribution }),
    ...(filter.source === undefined ? {} : { source: filter.source }),
  };
  const current = await manager.find(BuildQueueEntry, { where: { ...where, state: In(active) }, order: { requestedPosition: 'ASC' } });
  const done = await manager.find(BuildQueueEntry, {
    where: { ...where, state: Not(In(active)) },
    order: { finishedAt: 'DESC', requestedPosition: 'DESC' },
    take: filter.finishedLimit ?? 50,
  });
  const inState = (state: BuildState) => current.filter((row) => row.state === state);
  const building = inState('building').sort((a, b) => (a.startedAt ?? '').localeCompare(b.startedAt ?? ''));
  const waiting = fairOrder(inState('needs-build')).map((row, index) => ({ ...row, queuePosition: index + 1 }));
  const unplaced = (row: BuildQueueEntry): BuildQueueItem => ({ ...row, queuePosition: null });
  return [...building.map(unplaced), ...waiting, ...inState('dep-wait').map(unplaced), ...done.map(unplaced)];
}
