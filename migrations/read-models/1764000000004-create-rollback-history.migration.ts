import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';

/** rollback_history: each rotation, drop, removal and restore of a rollback version. */
export class CreateRollbackHistory1764000000004 implements MigrationInterface {
  name = 'CreateRollbackHistory1764000000004';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'rollback_history',
        columns: [
          { name: 'position', type: 'bigint', isPrimary: true },
          { name: 'version', type: 'varchar', length: '200', isPrimary: true },
          { name: 'action', type: 'varchar', length: '10', isPrimary: true },
          { name: 'distribution', type: 'varchar', length: '100' },
          { name: 'source', type: 'varchar', length: '100' },
          { name: 'rollback', type: 'integer', isNullable: true },
          { name: 'rollbacks', type: 'text', isNullable: true },
          { name: 'actor', type: 'varchar', length: '300' },
          { name: 'occurred_at', type: 'varchar', length: '30' },
        ],
        indices: [{ name: 'rollback_history_source', columnNames: ['source', 'distribution', 'position'] }],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('rollback_history');
  }
}
