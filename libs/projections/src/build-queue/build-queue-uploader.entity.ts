import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The build queue's own note of who made each upload (from UploadReceived), for fair ordering. */
@Entity({ name: 'build_queue_uploaders' })
export class BuildQueueUploader {
  @PrimaryColumn({ name: 'upload_id', type: 'varchar', length: 200 })
  uploadId!: string;

  @Column({ type: 'varchar', length: 300 })
  uploader!: string;
}
