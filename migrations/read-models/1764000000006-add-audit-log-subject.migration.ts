import { TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

const subjectColumns = [
  new TableColumn({ name: 'source', type: 'varchar', length: '100', isNullable: true }),
  new TableColumn({ name: 'distribution', type: 'varchar', length: '100', isNullable: true }),
  new TableColumn({ name: 'repository', type: 'varchar', length: '50', isNullable: true }),
];

/** Each filter pages newest first (ORDER BY position DESC) along its own index. */
const subjectIndices = [
  new TableIndex({ name: 'audit_log_source', columnNames: ['source', 'position'] }),
  new TableIndex({ name: 'audit_log_distribution', columnNames: ['distribution', 'position'] }),
  new TableIndex({ name: 'audit_log_repository', columnNames: ['repository', 'position'] }),
];

/**
 * audit_log: the source, distribution and repository each event is about (auditLogSubject), for the
 * audit log's filters. Only the projection can tell them, so the audit log is emptied and its
 * checkpoint dropped: the projection runner replays the log into it at start-up, as a rebuild does.
 */
export class AddAuditLogSubject1764000000006 implements MigrationInterface {
  name = 'AddAuditLogSubject1764000000006';

  async up(queryRunner: QueryRunner): Promise<void> {
    // emptied first: SQLite adds a column by copying the table
    await queryRunner.query('DELETE FROM audit_log');
    await queryRunner.query("DELETE FROM projection_checkpoints WHERE name = 'audit-log'");
    await queryRunner.addColumns('audit_log', subjectColumns);
    await queryRunner.createIndices('audit_log', subjectIndices);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndices('audit_log', subjectIndices);
    await queryRunner.dropColumns('audit_log', subjectColumns);
  }
}
