import { Column, Entity, PrimaryColumn, type ValueTransformer } from 'typeorm';
import { bigintAsNumber } from '../column-transformers.js';

/**
 * An upload's own lifecycle, as its stream tells it: received, then rejected or accepted; accepted
 * while no build has started, building, built (every mandatory architecture built) or failed; installed.
 * What happens later to the installed version (migrated, removed) belongs to its distributions.
 */
export const uploadEntryStates = ['received', 'rejected', 'accepted', 'building', 'built', 'failed', 'installed'] as const;
export type UploadEntryState = (typeof uploadEntryStates)[number];

/** The current attempt of one architecture's build of an upload. */
export interface UploadEntryBuild {
  readonly architecture: string;
  readonly buildId: string;
  readonly attempt: number;
  /** A failure of an optional architecture does not fail the upload. */
  readonly optional: boolean;
  readonly state: 'requested' | 'building' | 'succeeded' | 'failed' | 'cancelled';
  /** Why it failed or was cancelled. */
  readonly reason?: string;
}

const json: ValueTransformer = {
  to: (value: unknown) => (value === undefined ? undefined : JSON.stringify(value)),
  from: (value: string | null) => (value === null ? null : (JSON.parse(value) as unknown)),
};

/** One upload in the uploads read model. Indexes: see the migration CreateUploads. */
@Entity({ name: 'uploads' })
export class UploadEntry {
  @PrimaryColumn({ name: 'upload_id', type: 'varchar', length: 200 })
  uploadId!: string;

  /** Null only for an upload the intake refused before it could read its .changes. */
  @Column({ type: 'varchar', length: 100, nullable: true })
  source!: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  version!: string | null;

  /** `<codename>-<repository>-<suite>`: once accepted, or when the .changes named one (not a meta distribution). */
  @Column({ type: 'varchar', length: 100, nullable: true })
  distribution!: string | null;

  /** The .changes' Distribution as written (may be a meta distribution such as `unstable`). */
  @Column({ name: 'changes_distribution', type: 'text', nullable: true })
  changesDistribution!: string | null;

  @Column({ type: 'varchar', length: 50, nullable: true })
  repository!: string | null;

  /** Who uploaded: `key:<fingerprint>` of a signed upload, else the .changes' Changed-By (as the build queue names them). */
  @Column({ type: 'text', nullable: true })
  uploader!: string | null;

  /** The .changes' Changed-By. */
  @Column({ name: 'changed_by', type: 'text', nullable: true })
  changedBy!: string | null;

  @Column({ type: 'varchar', length: 10 })
  state!: UploadEntryState;

  /** Why it was rejected or failed, one reason per line; null in the other states. */
  @Column({ type: 'text', nullable: true })
  reason!: string | null;

  /** The current attempt of each architecture's build, as JSON. */
  @Column({ type: 'text', transformer: json })
  builds!: UploadEntryBuild[];

  /** Global position of the upload's first event: the order of the list (newest first) and its paging key. */
  @Column({ name: 'received_position', type: 'bigint', transformer: bigintAsNumber })
  receivedPosition!: number;

  /** ISO 8601 UTC of the first event. */
  @Column({ name: 'received_at', type: 'varchar', length: 30 })
  receivedAt!: string;

  /** ISO 8601 UTC of the last event that changed the row. */
  @Column({ name: 'updated_at', type: 'varchar', length: 30 })
  updatedAt!: string;

  /** Global position of the last event that changed the row. */
  @Column({ type: 'bigint', transformer: bigintAsNumber })
  position!: number;
}
