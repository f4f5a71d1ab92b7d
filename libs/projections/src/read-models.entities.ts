import { AuditLogEntry } from './audit-log/audit-log-entry.entity.js';
import { BuildQueueEntry } from './build-queue/build-queue-entry.entity.js';
import { BuildQueueUploader } from './build-queue/build-queue-uploader.entity.js';
import { RepositoryPackage } from './repository-state/repository-package.entity.js';
import { RollbackHistoryEntry } from './rollback-history/rollback-history-entry.entity.js';
import { ProjectionCheckpoint } from './runner/projection-checkpoint.entity.js';
import { UploadEntry } from './uploads/upload-entry.entity.js';

/** Every table of the read models, as entity classes (their schema comes from migrations/read-models). */
export const readModelEntities = [ProjectionCheckpoint, AuditLogEntry, RepositoryPackage, RollbackHistoryEntry, BuildQueueEntry, BuildQueueUploader, UploadEntry];
