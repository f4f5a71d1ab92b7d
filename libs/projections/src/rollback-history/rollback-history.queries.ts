import type { EntityManager, FindOptionsWhere } from 'typeorm';
import { RollbackHistoryEntry, type RollbackAction } from './rollback-history-entry.entity.js';

export interface RollbackHistoryFilter {
  readonly distribution?: string;
  readonly source?: string;
}

export interface RollbackHistoryItem {
  readonly position: number;
  readonly distribution: string;
  readonly source: string;
  readonly version: string;
  readonly action: RollbackAction;
  readonly rollback: number | null;
  /** Versions in rollback0, rollback1, … after the step (null: unchanged). */
  readonly rollbacks: string[] | null;
  readonly actor: string;
  readonly occurredAt: string;
}

/** The rollback history, oldest step first. */
export async function listRollbackHistory(manager: EntityManager, filter: RollbackHistoryFilter = {}): Promise<RollbackHistoryItem[]> {
  const where: FindOptionsWhere<RollbackHistoryEntry> = {
    ...(filter.distribution === undefined ? {} : { distribution: filter.distribution }),
    ...(filter.source === undefined ? {} : { source: filter.source }),
  };
  const rows = await manager.find(RollbackHistoryEntry, { where, order: { position: 'ASC', action: 'DESC', version: 'ASC' } });
  return rows.map((row) => ({ ...row, rollbacks: row.rollbacks === null ? null : (JSON.parse(row.rollbacks) as string[]) }));
}
