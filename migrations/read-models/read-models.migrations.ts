import { CreateProjectionCheckpoints1764000000001 } from './1764000000001-create-projection-checkpoints.migration.js';
import { CreateAuditLog1764000000002 } from './1764000000002-create-audit-log.migration.js';

/** The read-model schema, one migration per change, in order; run at start-up (SQLite and PostgreSQL). */
export const readModelMigrations = [CreateProjectionCheckpoints1764000000001, CreateAuditLog1764000000002];
