import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintAsNumber } from '../column-transformers.js';

/** wanna-build's states: waiting, running, done, failed, waiting for build dependencies, cancelled. */
export const buildStates = ['needs-build', 'building', 'built', 'failed', 'dep-wait', 'cancelled'] as const;
export type BuildState = (typeof buildStates)[number];

/** One build (one architecture of one upload, one attempt) in the build queue. */
@Entity({ name: 'build_queue' })
export class BuildQueueEntry {
  @PrimaryColumn({ name: 'build_id', type: 'varchar', length: 100 })
  buildId!: string;

  @Column({ name: 'upload_id', type: 'varchar', length: 200 })
  uploadId!: string;

  /** Who uploaded: `key:<fingerprint>` of a signed upload, else the .changes Changed-By; the unit of fairness. */
  @Column({ type: 'varchar', length: 300 })
  uploader!: string;

  @Column({ type: 'varchar', length: 100 })
  source!: string;

  @Column({ type: 'varchar', length: 200 })
  version!: string;

  @Column({ type: 'varchar', length: 100 })
  distribution!: string;

  @Column({ type: 'varchar', length: 50 })
  architecture!: string;

  @Column({ name: 'arch_all', type: 'boolean' })
  archAll!: boolean;

  @Column({ type: 'boolean' })
  optional!: boolean;

  @Column({ type: 'integer' })
  attempt!: number;

  @Column({ type: 'varchar', length: 12 })
  state!: BuildState;

  /** Why it failed, waits or was cancelled. */
  @Column({ type: 'text', nullable: true })
  reason!: string | null;

  /** `local` or the remote instance that took it. */
  @Column({ type: 'varchar', length: 100, nullable: true })
  builder!: string | null;

  /** Global position of its BuildRequested: the age that orders the queue. */
  @Column({ name: 'requested_position', type: 'bigint', transformer: bigintAsNumber })
  requestedPosition!: number;

  @Column({ name: 'requested_at', type: 'varchar', length: 30 })
  requestedAt!: string;

  @Column({ name: 'started_at', type: 'varchar', length: 30, nullable: true })
  startedAt!: string | null;

  @Column({ name: 'finished_at', type: 'varchar', length: 30, nullable: true })
  finishedAt!: string | null;
}
