import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';

/** audit_log: every event; each filter of listAuditLog has an index ending in position (the page order). */
export class CreateAuditLog1764000000002 implements MigrationInterface {
  name = 'CreateAuditLog1764000000002';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'audit_log',
        columns: [
          { name: 'position', type: 'bigint', isPrimary: true },
          { name: 'event_id', type: 'varchar', length: '36' },
          { name: 'stream_id', type: 'varchar', length: '200' },
          { name: 'type', type: 'varchar', length: '100' },
          { name: 'version', type: 'integer' },
          { name: 'actor_kind', type: 'varchar', length: '10' },
          { name: 'actor', type: 'varchar', length: '300' },
          { name: 'correlation_id', type: 'varchar', length: '200' },
          { name: 'causation_id', type: 'varchar', length: '200', isNullable: true },
          { name: 'occurred_at', type: 'varchar', length: '30' },
          { name: 'data', type: 'text' },
        ],
        indices: [
          { name: 'audit_log_stream', columnNames: ['stream_id', 'position'] },
          { name: 'audit_log_type', columnNames: ['type', 'position'] },
          { name: 'audit_log_actor', columnNames: ['actor', 'position'] },
          { name: 'audit_log_correlation', columnNames: ['correlation_id', 'position'] },
          { name: 'audit_log_occurred', columnNames: ['occurred_at'] },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('audit_log');
  }
}
