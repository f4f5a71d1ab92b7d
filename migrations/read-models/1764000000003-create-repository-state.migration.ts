import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';

/** repository_state: the source and binary versions in each distribution, with the upload they came from. */
export class CreateRepositoryState1764000000003 implements MigrationInterface {
  name = 'CreateRepositoryState1764000000003';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'repository_state',
        columns: [
          { name: 'distribution', type: 'varchar', length: '100', isPrimary: true },
          { name: 'source', type: 'varchar', length: '100', isPrimary: true },
          { name: 'package', type: 'varchar', length: '100', isPrimary: true },
          { name: 'architecture', type: 'varchar', length: '50', isPrimary: true },
          { name: 'version', type: 'varchar', length: '200' },
          { name: 'upload_id', type: 'varchar', length: '200', isNullable: true },
          { name: 'position', type: 'bigint' },
          { name: 'since', type: 'varchar', length: '30' },
        ],
        indices: [{ name: 'repository_state_source', columnNames: ['source', 'distribution'] }],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('repository_state');
  }
}
