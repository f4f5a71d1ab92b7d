import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintAsNumber } from '../column-transformers.js';

/** How far a projection has read the log: the global position of the last event it has seen. */
@Entity({ name: 'projection_checkpoints' })
export class ProjectionCheckpoint {
  @PrimaryColumn({ type: 'varchar', length: 100 })
  name!: string;

  @Column({ type: 'bigint', transformer: bigintAsNumber })
  position!: number;
}
