import { Injectable } from '@nestjs/common';
import {
  foldEvents,
  formatDistributionName,
  snapshotDecider,
  snapshotRefusal,
  type CommandMetadata,
  type DistributionSettings,
  type Snapshot,
  type SnapshotCommand,
} from '@mbd/archive';
import { EventStore, handleCommand, snapshotsStream, type SnapshotEvent, type SnapshotRefusalReason } from '@mbd/events';
import { ArchiveAt, TimeTravelError } from '@mbd/repository';
import { ConfigurationService } from '../configuration/configuration.service.js';
import { ArchiveCommandsService, ArchiveRequestError } from '../installing/archive-commands.service.js';

/** The snapshots of one distribution, oldest first. */
export interface SnapshotList {
  readonly distribution: string;
  readonly repository: string;
  /** Why this distribution can have no snapshots (not stable-type), if so. */
  readonly refusal?: string;
  readonly snapshots: readonly Snapshot[];
}

export interface SnapshotCommandResult {
  readonly distribution: string;
  readonly events: { readonly position: number; readonly type: string; readonly data: unknown }[];
  /** The snapshot made or deleted. */
  readonly snapshot?: Snapshot;
  /** Set when the command was refused (recorded as SnapshotRefused). */
  readonly refused?: { readonly reason: SnapshotRefusalReason; readonly message: string };
}

/**
 * snapshot_ls, snapshot_create and snapshot_delete. A snapshot is a name for a global log position, so
 * making one costs an event, and it can name any past moment (`at`: a position or an ISO time); the
 * delivery serves it by time travel to that position.
 */
@Injectable()
export class SnapshotsService {
  constructor(
    private readonly store: EventStore,
    private readonly archive: ArchiveCommandsService,
    private readonly archiveAt: ArchiveAt,
    private readonly configuration: ConfigurationService,
  ) {}

  async list(distributionName: string): Promise<SnapshotList> {
    const distribution = this.archive.settings(distributionName);
    const refusal = snapshotRefusal(distribution);
    return {
      distribution: distribution.name,
      repository: distribution.repository,
      ...(refusal ? { refusal } : {}),
      snapshots: [...(await this.state(distribution)).snapshots.values()].sort((a, b) => a.createdAt.localeCompare(b.createdAt)),
    };
  }

  /** The snapshot `name` of `distributionName` in `repository`, or undefined (also for a distribution of another repository). */
  async find(repository: string, distributionName: string, name: string): Promise<Snapshot | undefined> {
    let distribution: DistributionSettings;
    try {
      distribution = this.archive.settings(distributionName);
    } catch (error) {
      if (error instanceof ArchiveRequestError) return undefined;
      throw error;
    }
    if (distribution.repository !== repository || snapshotRefusal(distribution)) return undefined;
    return (await this.state(distribution)).snapshots.get(name);
  }

  /** Every snapshot of a repository's stable-type distributions (none for an unknown repository), newest position first. */
  async ofRepository(repository: string): Promise<(Snapshot & { readonly distribution: string })[]> {
    const config = this.configuration.current().repositories.get(repository);
    if (!config) return [];
    const found: (Snapshot & { distribution: string })[] = [];
    for (const { codename } of config.codenames) {
      for (const { name: suite } of config.layout.suites) {
        const distribution = this.archive.settings(formatDistributionName({ codename, repository, suite }));
        if (snapshotRefusal(distribution)) continue;
        for (const snapshot of (await this.state(distribution)).snapshots.values()) found.push({ ...snapshot, distribution: distribution.name });
      }
    }
    return found.sort((a, b) => b.position - a.position);
  }

  /** Names the archive of `distributionName` as of `at` (a log position or ISO time; default: the head now). */
  async create(distributionName: string, name: string, at: string | undefined, metadata: CommandMetadata): Promise<SnapshotCommandResult> {
    const distribution = this.archive.settings(distributionName);
    let position: number;
    try {
      position = at === undefined ? await this.store.headPosition() : await this.archiveAt.resolve(at, { now: new Date(metadata.now) });
    } catch (error) {
      if (error instanceof TimeTravelError) throw new ArchiveRequestError('bad-request', `no snapshot at ${at}: ${error.message}`);
      throw error;
    }
    return this.run(distribution, { type: 'CreateSnapshot', data: { distribution, name, position, ...(at === undefined ? {} : { at }) }, metadata });
  }

  delete(distributionName: string, name: string, metadata: CommandMetadata): Promise<SnapshotCommandResult> {
    const distribution = this.archive.settings(distributionName);
    return this.run(distribution, { type: 'DeleteSnapshot', data: { distribution, name }, metadata });
  }

  private async state(distribution: DistributionSettings) {
    const events = await this.store.readStream(this.streamOf(distribution));
    return foldEvents(snapshotDecider, events as unknown as SnapshotEvent[]);
  }

  private async run(distribution: DistributionSettings, command: SnapshotCommand): Promise<SnapshotCommandResult> {
    const result = await handleCommand(this.store, this.streamOf(distribution), snapshotDecider, command);
    const events = result.events as unknown as (SnapshotEvent & { position: number })[];
    const refused = events.find((event) => event.type === 'SnapshotRefused');
    const done = events.find((event) => event.type === 'SnapshotCreated' || event.type === 'SnapshotDeleted');
    return {
      distribution: distribution.name,
      events: events.map((event) => ({ position: event.position, type: event.type, data: event.data })),
      ...(done?.type === 'SnapshotCreated' || done?.type === 'SnapshotDeleted' ? { snapshot: { name: done.data.name, position: done.data.position, createdAt: done.metadata.occurredAt } } : {}),
      ...(refused?.type === 'SnapshotRefused' ? { refused: { reason: refused.data.reason, message: refused.data.message } } : {}),
    };
  }

  private streamOf(distribution: DistributionSettings): string {
    return snapshotsStream(distribution.codename, distribution.repository, distribution.suite);
  }
}
