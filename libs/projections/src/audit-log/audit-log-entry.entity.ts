import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintAsNumber } from '../column-transformers.js';

/** One event of the log, as the audit log lists it. Indexes: see the migrations CreateAuditLog and AddAuditLogSubject. */
@Entity({ name: 'audit_log' })
export class AuditLogEntry {
  @PrimaryColumn({ type: 'bigint', transformer: bigintAsNumber })
  position!: number;

  @Column({ name: 'event_id', type: 'varchar', length: 36 })
  eventId!: string;

  @Column({ name: 'stream_id', type: 'varchar', length: 200 })
  streamId!: string;

  @Column({ type: 'varchar', length: 100 })
  type!: string;

  @Column({ type: 'integer' })
  version!: number;

  @Column({ name: 'actor_kind', type: 'varchar', length: 10 })
  actorKind!: string;

  /** actorName(): `user:alice`, `key:<fingerprint>`, `remote:<name>`, `daemon`. */
  @Column({ type: 'varchar', length: 300 })
  actor!: string;

  @Column({ name: 'correlation_id', type: 'varchar', length: 200 })
  correlationId!: string;

  @Column({ name: 'causation_id', type: 'varchar', length: 200, nullable: true })
  causationId!: string | null;

  /** ISO 8601 UTC with milliseconds, so text order is time order. */
  @Column({ name: 'occurred_at', type: 'varchar', length: 30 })
  occurredAt!: string;

  /** The event's data as JSON text. */
  @Column({ type: 'text' })
  data!: string;

  /** The source package the event is about (auditLogSubject; an upload stream's events: its upload's). */
  @Column({ type: 'varchar', length: 100, nullable: true })
  source!: string | null;

  /** The distribution the event is about, `<codename>-<repository>-<suite>`; null for a meta distribution. */
  @Column({ type: 'varchar', length: 100, nullable: true })
  distribution!: string | null;

  /** The repository the event is about, e.g. `test`. */
  @Column({ type: 'varchar', length: 50, nullable: true })
  repository!: string | null;
}
