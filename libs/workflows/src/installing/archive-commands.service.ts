import { Injectable } from '@nestjs/common';
import {
  distributionDecider,
  foldEvents,
  parseDistributionName,
  resolveDistribution,
  type CommandMetadata,
  type DistributionCommand,
  type DistributionSettings,
  type DistributionState,
  type PlacedVersion,
  type PortOrigin,
} from '@mbd/archive';
import { EventStore, distributionStream, handleCommand, type DistributionEvent, type RecordedEvent } from '@mbd/events';
import { ProjectionsService } from '@mbd/projections';
import { ConfigurationService } from '../configuration/configuration.service.js';
import { oncePerCorrelation } from '../support/once-per-correlation.js';

/** A command the archive cannot even look at (unknown distribution, rollback given as target…): HTTP 400/404. */
export class ArchiveRequestError extends Error {
  constructor(readonly code: 'distribution-unknown' | 'bad-request', message: string) {
    super(message);
    this.name = 'ArchiveRequestError';
  }
}

/** mini-buildd's `--version` and `--options` of a port. */
export interface PortOptions {
  readonly version?: string;
  readonly options?: readonly string[];
}

export interface ArchiveCommandResult {
  readonly distribution: string;
  readonly events: { readonly position: number; readonly type: string; readonly data: unknown }[];
  /** Set when the archive refused the command (recorded as ArchiveCommandRefused). */
  readonly refused?: string;
}

/**
 * Runs archive commands (install, migrate, remove, restore from a rollback, port) on distribution
 * streams: gathers the settings and the facts the distribution decider needs, then decides through
 * the one command handler.
 */
@Injectable()
export class ArchiveCommandsService {
  constructor(
    private readonly store: EventStore,
    private readonly configuration: ConfigurationService,
    private readonly projections: ProjectionsService,
  ) {}

  /** The settings of a (non-rollback) distribution, or an ArchiveRequestError with mini-buildd's reason. */
  settings(name: string): DistributionSettings {
    const resolved = resolveDistribution([...this.configuration.current().repositories.values()], name);
    if (!resolved.ok) throw new ArchiveRequestError('distribution-unknown', resolved.reason);
    if (resolved.rollback !== undefined) throw new ArchiveRequestError('bad-request', `${name} is a rollback distribution: name the distribution itself`);
    return resolved.settings;
  }

  async state(settings: DistributionSettings): Promise<{ state: DistributionState; events: RecordedEvent[] }> {
    const events = await this.store.readStream(this.streamOf(settings));
    return { state: foldEvents(distributionDecider, events as unknown as DistributionEvent[]), events };
  }

  /** Where `source` sits in the repository (rollbacks excluded), from the repository-state read model. */
  async versionsInRepository(repository: string, source: string): Promise<PlacedVersion[]> {
    await this.projections.waitForPosition(await this.store.headPosition());
    return (await this.projections.listRepositoryState({ source }))
      .filter((entry) => {
        const name = parseDistributionName(entry.distribution);
        return name?.repository === repository && name.rollback === undefined;
      })
      .map((entry) => ({ distribution: entry.distribution, version: entry.version }));
  }

  /**
   * Decides `command` on the distribution's stream. With `oncePerCorrelation` (a follower's reaction,
   * which every daemon sharing the event store has), nothing is decided when the stream already holds
   * an event of that correlation: the install or migration was decided already, here or by another daemon.
   */
  async run(settings: DistributionSettings, command: DistributionCommand, options: { oncePerCorrelation?: string } = {}): Promise<ArchiveCommandResult> {
    const stream = this.streamOf(settings);
    const { events } =
      options.oncePerCorrelation === undefined
        ? await handleCommand(this.store, stream, distributionDecider, command)
        : await handleCommand(this.store, stream, oncePerCorrelation(distributionDecider, options.oncePerCorrelation), command);
    const refused = events.find((event) => event.type === 'ArchiveCommandRefused');
    return {
      distribution: settings.name,
      events: events.map((event) => ({ position: event.position, type: event.type, data: event.data })),
      ...(refused ? { refused: (refused.data as { message: string }).message } : {}),
    };
  }

  async migrate(name: string, source: string, metadata: CommandMetadata, options: { oncePerCorrelation?: string } = {}): Promise<ArchiveCommandResult> {
    const from = this.settings(name);
    if (!from.migratesTo) throw new ArchiveRequestError('bad-request', `${from.name} does not migrate anywhere`);
    const to = this.settings(from.migratesTo);
    const { state } = await this.state(from);
    return this.run(to, { type: 'MigratePackage', data: { from, to, source, package: state.packages.get(source) ?? null }, metadata }, options);
  }

  /** Migrates step by step along the whole chain (unstable → testing → stable), stopping at the first refusal. */
  async migrateAll(name: string, source: string, metadata: CommandMetadata): Promise<ArchiveCommandResult[]> {
    const results: ArchiveCommandResult[] = [];
    for (let current = this.settings(name); current.migratesTo; current = this.settings(current.migratesTo)) {
      const result = await this.migrate(current.name, source, metadata);
      results.push(result);
      if (result.refused) break;
    }
    return results;
  }

  remove(name: string, source: string, options: { version?: string; reason?: string }, metadata: CommandMetadata): Promise<ArchiveCommandResult> {
    const distribution = this.settings(name);
    return this.run(distribution, { type: 'RemovePackage', data: { distribution, source, ...options }, metadata });
  }

  /** Restores the version kept in `<name>-rollback<rollback>`. */
  async restore(name: string, source: string, rollback: number, metadata: CommandMetadata): Promise<ArchiveCommandResult> {
    const distribution = this.settings(name);
    const { state } = await this.state(distribution);
    const kept = state.rollbacks.get(source)?.[rollback];
    if (!kept) throw new ArchiveRequestError('bad-request', `${distribution.name}-rollback${rollback} holds no version of ${source}`);
    return this.run(distribution, { type: 'RestorePackage', data: { distribution, source, version: kept.version }, metadata });
  }

  /**
   * mini-buildd's `port`: issues PortPackage of what `fromName` holds of `source` into each target
   * (`fromName` as a target is a rebuild). Each target decides on its own, so one refusal leaves the others.
   */
  async port(source: string, fromName: string, toNames: readonly string[], options: PortOptions, metadata: CommandMetadata): Promise<ArchiveCommandResult[]> {
    const from = this.settings(fromName);
    const targets = toNames.map((name) => this.settings(name));
    const { state } = await this.state(from);
    const origin: PortOrigin = { kind: 'internal', from, package: state.packages.get(source) ?? null };
    return this.portTo(targets, source, origin, options, metadata);
  }

  /** mini-buildd's `port_ext`: issues PortPackage of a downloaded, checked .dsc (its files already blobs) into each target. */
  portExternal(source: string, origin: Extract<PortOrigin, { kind: 'external' }>, toNames: readonly string[], options: PortOptions, metadata: CommandMetadata): Promise<ArchiveCommandResult[]> {
    const targets = toNames.map((name) => this.settings(name));
    return this.portTo(targets, source, origin, options, metadata);
  }

  private async portTo(targets: readonly DistributionSettings[], source: string, origin: PortOrigin, options: PortOptions, metadata: CommandMetadata): Promise<ArchiveCommandResult[]> {
    const results: ArchiveCommandResult[] = [];
    for (const to of targets) {
      const versionsInRepository = await this.versionsInRepository(to.repository, source);
      results.push(await this.run(to, { type: 'PortPackage', data: { to, source, origin, ...options, versionsInRepository }, metadata }));
    }
    return results;
  }

  private streamOf(settings: DistributionSettings): string {
    return distributionStream(settings.codename, settings.repository, settings.suite);
  }
}
