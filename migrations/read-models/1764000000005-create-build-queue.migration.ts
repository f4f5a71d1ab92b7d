import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';

/** build_queue: one row per build with its state; build_queue_uploaders: who made each upload (fairness). */
export class CreateBuildQueue1764000000005 implements MigrationInterface {
  name = 'CreateBuildQueue1764000000005';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'build_queue',
        columns: [
          { name: 'build_id', type: 'varchar', length: '100', isPrimary: true },
          { name: 'upload_id', type: 'varchar', length: '200' },
          { name: 'uploader', type: 'varchar', length: '300' },
          { name: 'source', type: 'varchar', length: '100' },
          { name: 'version', type: 'varchar', length: '200' },
          { name: 'distribution', type: 'varchar', length: '100' },
          { name: 'architecture', type: 'varchar', length: '50' },
          { name: 'arch_all', type: 'boolean' },
          { name: 'optional', type: 'boolean' },
          { name: 'attempt', type: 'integer' },
          { name: 'state', type: 'varchar', length: '12' },
          { name: 'reason', type: 'text', isNullable: true },
          { name: 'builder', type: 'varchar', length: '100', isNullable: true },
          { name: 'requested_position', type: 'bigint' },
          { name: 'requested_at', type: 'varchar', length: '30' },
          { name: 'started_at', type: 'varchar', length: '30', isNullable: true },
          { name: 'finished_at', type: 'varchar', length: '30', isNullable: true },
        ],
        indices: [
          { name: 'build_queue_state', columnNames: ['state', 'architecture', 'requested_position'] },
          { name: 'build_queue_upload', columnNames: ['upload_id'] },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'build_queue_uploaders',
        columns: [
          { name: 'upload_id', type: 'varchar', length: '200', isPrimary: true },
          { name: 'uploader', type: 'varchar', length: '300' },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('build_queue_uploaders');
    await queryRunner.dropTable('build_queue');
  }
}
