import { auditLogProjection } from './audit-log/audit-log.projection.js';
import { buildQueueProjection } from './build-queue/build-queue.projection.js';
import { repositoryStateProjection } from './repository-state/repository-state.projection.js';
import { rollbackHistoryProjection } from './rollback-history/rollback-history.projection.js';
import type { Projection } from './runner/projection.js';
import { uploadsProjection } from './uploads/uploads.projection.js';

/** Every projection the daemon runs. */
export const readModelProjections: readonly Projection[] = [
  auditLogProjection,
  repositoryStateProjection,
  rollbackHistoryProjection,
  buildQueueProjection,
  uploadsProjection,
];
