import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { EventStore } from '@mbd/events';
import { DataSource } from 'typeorm';
import { getAuditLogEntry, listAuditLog, type AuditLogFilter, type AuditLogItem, type AuditLogPage } from './audit-log/audit-log.queries.js';
import { listBuildQueue, type BuildQueueFilter, type BuildQueueItem } from './build-queue/build-queue.queries.js';
import { listRepositoryState, type DistributionSource, type RepositoryStateFilter } from './repository-state/repository-state.queries.js';
import {
  listRollbackHistory,
  type RollbackHistoryFilter,
  type RollbackHistoryItem,
} from './rollback-history/rollback-history.queries.js';
import { ProjectionRunner, type ProjectionStatus, type RebuildResult } from './runner/projection-runner.js';
import { getUpload, listUploads, type UploadItem, type UploadsFilter, type UploadsPage } from './uploads/uploads.queries.js';

/** Injection token of the read models' DataSource. */
export const READ_MODELS = Symbol('READ_MODELS');

export interface ProjectionCheckpointStatus extends ProjectionStatus {
  /** Events in the log the projection has not seen yet. */
  readonly behind: number;
}

/** The read models to the rest of mbd: queries, checkpoints and rebuilds; runs the projections while the daemon runs. */
@Injectable()
export class ProjectionsService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('projections');

  constructor(
    private readonly runner: ProjectionRunner,
    private readonly store: EventStore,
    @Inject(READ_MODELS) private readonly dataSource: DataSource,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.runner.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.runner.stop();
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }

  async checkpoints(): Promise<ProjectionCheckpointStatus[]> {
    const head = await this.store.headPosition();
    return this.runner.status().map((status) => ({ ...status, behind: Math.max(0, head - status.position) }));
  }

  /** Rebuilds one projection (or all) from zero; resolves when it has caught up with the log. */
  async rebuild(name?: string): Promise<RebuildResult[]> {
    const results = await this.runner.rebuild(name);
    for (const result of results) this.logger.log(`rebuilt ${result.name} to position ${result.position} in ${result.seconds.toFixed(2)} s`);
    return results;
  }

  /** Resolves once every projection has seen `position` (e.g. the position an append returned). */
  waitForPosition(position: number, timeoutMs?: number): Promise<void> {
    return this.runner.waitForPosition(position, timeoutMs);
  }

  listAuditLog(filter: AuditLogFilter = {}): Promise<AuditLogPage> {
    return this.runner.read((manager) => listAuditLog(manager, filter));
  }

  /** One event of the audit log by its global position; undefined when there is none. */
  getAuditLogEntry(position: number): Promise<AuditLogItem | undefined> {
    return this.runner.read((manager) => getAuditLogEntry(manager, position));
  }

  listRepositoryState(filter: RepositoryStateFilter = {}): Promise<DistributionSource[]> {
    return this.runner.read((manager) => listRepositoryState(manager, filter));
  }

  listRollbackHistory(filter: RollbackHistoryFilter = {}): Promise<RollbackHistoryItem[]> {
    return this.runner.read((manager) => listRollbackHistory(manager, filter));
  }

  listBuildQueue(filter: BuildQueueFilter = {}): Promise<BuildQueueItem[]> {
    return this.runner.read((manager) => listBuildQueue(manager, filter));
  }

  /** The uploads, newest first, one page at a time. */
  listUploads(filter: UploadsFilter = {}): Promise<UploadsPage> {
    return this.runner.read((manager) => listUploads(manager, filter));
  }

  /** One upload by its id; undefined when there is none. */
  getUpload(uploadId: string): Promise<UploadItem | undefined> {
    return this.runner.read((manager) => getUpload(manager, uploadId));
  }
}
