import { CreateProjectionCheckpoints1764000000001 } from './1764000000001-create-projection-checkpoints.migration.js';
import { CreateAuditLog1764000000002 } from './1764000000002-create-audit-log.migration.js';
import { CreateRepositoryState1764000000003 } from './1764000000003-create-repository-state.migration.js';
import { CreateRollbackHistory1764000000004 } from './1764000000004-create-rollback-history.migration.js';
import { CreateBuildQueue1764000000005 } from './1764000000005-create-build-queue.migration.js';
import { AddAuditLogSubject1764000000006 } from './1764000000006-add-audit-log-subject.migration.js';
import { CreateUploads1764000000007 } from './1764000000007-create-uploads.migration.js';

/** The read-model schema, one migration per change, in order; run at start-up (SQLite and PostgreSQL). */
export const readModelMigrations = [
  CreateProjectionCheckpoints1764000000001,
  CreateAuditLog1764000000002,
  CreateRepositoryState1764000000003,
  CreateRollbackHistory1764000000004,
  CreateBuildQueue1764000000005,
  AddAuditLogSubject1764000000006,
  CreateUploads1764000000007,
];
