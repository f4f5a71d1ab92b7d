import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintAsNumber } from '../column-transformers.js';

export type RollbackAction = 'rotated' | 'dropped' | 'removed' | 'restored';

/**
 * One step in the rollback history of a source in a distribution: a version `rotated` into rollback0,
 * `dropped` beyond the last rollback (it stays in this history), `removed` from a rollback, or
 * `restored` from a rollback into the distribution.
 */
@Entity({ name: 'rollback_history' })
export class RollbackHistoryEntry {
  /** Global position of the event. */
  @PrimaryColumn({ type: 'bigint', transformer: bigintAsNumber })
  position!: number;

  @PrimaryColumn({ type: 'varchar', length: 200 })
  version!: string;

  @PrimaryColumn({ type: 'varchar', length: 10 })
  action!: RollbackAction;

  /** The distribution itself, `<codename>-<repository>-<suite>`. */
  @Column({ type: 'varchar', length: 100 })
  distribution!: string;

  @Column({ type: 'varchar', length: 100 })
  source!: string;

  /** The rollback slot concerned (null for `dropped`). */
  @Column({ type: 'integer', nullable: true })
  rollback!: number | null;

  /** JSON list of the versions in rollback0, rollback1, … after this step (null for `restored`, which changes none). */
  @Column({ type: 'text', nullable: true })
  rollbacks!: string | null;

  @Column({ type: 'varchar', length: 300 })
  actor!: string;

  @Column({ name: 'occurred_at', type: 'varchar', length: 30 })
  occurredAt!: string;
}
