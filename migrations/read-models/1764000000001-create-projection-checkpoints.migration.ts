import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';

/** projection_checkpoints: the global position each projection has read up to. */
export class CreateProjectionCheckpoints1764000000001 implements MigrationInterface {
  name = 'CreateProjectionCheckpoints1764000000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'projection_checkpoints',
        columns: [
          { name: 'name', type: 'varchar', length: '100', isPrimary: true },
          { name: 'position', type: 'bigint' },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('projection_checkpoints');
  }
}
