import { AuditLogEntry } from './audit-log/audit-log-entry.entity.js';
import { ProjectionCheckpoint } from './runner/projection-checkpoint.entity.js';

/** Every table of the read models, as entity classes (their schema comes from migrations/read-models). */
export const readModelEntities = [ProjectionCheckpoint, AuditLogEntry];
