import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';

/** uploads: one row per upload with its lifecycle state; each filter of listUploads has an index ending in received_position (the page order). */
export class CreateUploads1764000000007 implements MigrationInterface {
  name = 'CreateUploads1764000000007';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'uploads',
        columns: [
          { name: 'upload_id', type: 'varchar', length: '200', isPrimary: true },
          { name: 'source', type: 'varchar', length: '100', isNullable: true },
          { name: 'version', type: 'varchar', length: '200', isNullable: true },
          { name: 'distribution', type: 'varchar', length: '100', isNullable: true },
          { name: 'changes_distribution', type: 'text', isNullable: true },
          { name: 'repository', type: 'varchar', length: '50', isNullable: true },
          { name: 'uploader', type: 'text', isNullable: true },
          { name: 'changed_by', type: 'text', isNullable: true },
          { name: 'state', type: 'varchar', length: '10' },
          { name: 'reason', type: 'text', isNullable: true },
          { name: 'builds', type: 'text' },
          { name: 'received_position', type: 'bigint' },
          { name: 'received_at', type: 'varchar', length: '30' },
          { name: 'updated_at', type: 'varchar', length: '30' },
          { name: 'position', type: 'bigint' },
        ],
        indices: [
          { name: 'uploads_received', columnNames: ['received_position'], isUnique: true },
          { name: 'uploads_source', columnNames: ['source', 'received_position'] },
          { name: 'uploads_state', columnNames: ['state', 'received_position'] },
          { name: 'uploads_distribution', columnNames: ['distribution', 'received_position'] },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('uploads');
  }
}
