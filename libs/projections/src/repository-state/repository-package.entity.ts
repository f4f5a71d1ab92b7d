import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintAsNumber } from '../column-transformers.js';

/**
 * One package in one distribution (rollback distributions included): the source (architecture
 * `source`) or one of its binaries, with the version and the upload it came from.
 */
@Entity({ name: 'repository_state' })
export class RepositoryPackage {
  /** `<codename>-<repository>-<suite>` or `…-rollback<N>`. */
  @PrimaryColumn({ type: 'varchar', length: 100 })
  distribution!: string;

  @PrimaryColumn({ type: 'varchar', length: 100 })
  source!: string;

  /** The source name for the source row, else the binary package name. */
  @PrimaryColumn({ type: 'varchar', length: 100 })
  package!: string;

  /** `source`, `all` or a Debian architecture. */
  @PrimaryColumn({ type: 'varchar', length: 50 })
  architecture!: string;

  @Column({ type: 'varchar', length: 200 })
  version!: string;

  /** The upload the source came from; null for a direct install by an admin. */
  @Column({ name: 'upload_id', type: 'varchar', length: 200, nullable: true })
  uploadId!: string | null;

  /** Global position of the event that put it here. */
  @Column({ type: 'bigint', transformer: bigintAsNumber })
  position!: number;

  /** When it got here (ISO 8601 UTC). */
  @Column({ type: 'varchar', length: 30 })
  since!: string;
}
