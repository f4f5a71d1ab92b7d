import {
  SnapshotCreated,
  SnapshotDeleted,
  SnapshotRefused,
  snapshotNamePattern,
  type SnapshotEvent,
  type SnapshotRefusalReason,
} from '@mbd/events';
import type { DistributionSettings } from '../configuration/distribution-settings.js';
import { assertNever, eventMetadata, type CommandMetadata } from '../decider.js';
import type { SnapshotCommand } from './snapshot.commands.js';

/** One published snapshot: the log position its name denotes. */
export interface Snapshot {
  readonly name: string;
  readonly position: number;
  /** When it was made (the event's time), not the moment it shows. */
  readonly createdAt: string;
}

/** The snapshots of one distribution, by name. */
export interface SnapshotsState {
  readonly snapshots: ReadonlyMap<string, Snapshot>;
}

/**
 * Why a distribution can have no snapshots, or undefined when it can: mini-buildd makes them of
 * "stable-type" suites only, which are not experimental and migrate nowhere.
 */
export const snapshotRefusal = (distribution: DistributionSettings): string | undefined => {
  if (distribution.experimental) return `${distribution.name} is experimental: snapshots are made of stable-type suites only (not experimental, migrating nowhere)`;
  if (distribution.migratesTo !== null)
    return `${distribution.name} migrates to ${distribution.migratesTo}: snapshots are made of stable-type suites only (not experimental, migrating nowhere)`;
  return undefined;
};

const refuse = (command: SnapshotCommand, reason: SnapshotRefusalReason, message: string, metadata: CommandMetadata): SnapshotEvent[] => [
  SnapshotRefused.create(
    {
      command: command.type === 'CreateSnapshot' ? 'create' : 'delete',
      distribution: command.data.distribution.name,
      name: command.data.name.slice(0, 200),
      reason,
      message,
    },
    eventMetadata(metadata),
  ),
];

const decide = (command: SnapshotCommand, state: SnapshotsState): SnapshotEvent[] => {
  const { distribution, name } = command.data;
  const metadata = eventMetadata(command.metadata);
  switch (command.type) {
    case 'CreateSnapshot': {
      const notStable = snapshotRefusal(distribution);
      if (notStable) return refuse(command, 'not-stable-type', notStable, command.metadata);
      if (!snapshotNamePattern.test(name))
        return refuse(
          command,
          'name-invalid',
          `${JSON.stringify(name.slice(0, 80))} is no snapshot name: use 1 to 64 letters, digits, ".", "_", ":", "+", "~" or "-", starting with a letter or digit`,
          command.metadata,
        );
      const existing = state.snapshots.get(name);
      if (existing) return refuse(command, 'name-exists', `${distribution.name} already has a snapshot ${name} (of position ${existing.position})`, command.metadata);
      return [
        SnapshotCreated.create(
          {
            repository: distribution.repository,
            distribution: distribution.name,
            name,
            position: command.data.position,
            ...(command.data.at === undefined ? {} : { at: command.data.at }),
          },
          metadata,
        ),
      ];
    }
    case 'DeleteSnapshot': {
      const existing = state.snapshots.get(name);
      if (!existing) return refuse(command, 'snapshot-absent', `${distribution.name} has no snapshot ${JSON.stringify(name.slice(0, 80))}`, command.metadata);
      return [SnapshotDeleted.create({ repository: distribution.repository, distribution: distribution.name, name, position: existing.position }, metadata)];
    }
    default:
      return assertNever(command, 'snapshot command');
  }
};

const evolve = (state: SnapshotsState, event: SnapshotEvent): SnapshotsState => {
  switch (event.type) {
    case 'SnapshotCreated': {
      const snapshots = new Map(state.snapshots);
      snapshots.set(event.data.name, { name: event.data.name, position: event.data.position, createdAt: event.metadata.occurredAt });
      return { snapshots };
    }
    case 'SnapshotDeleted': {
      const snapshots = new Map(state.snapshots);
      snapshots.delete(event.data.name);
      return { snapshots };
    }
    case 'SnapshotRefused':
      return state;
    default:
      return assertNever(event, 'snapshot event');
  }
};

/** snapshot_create and snapshot_delete on a distribution's snapshots stream. */
export const snapshotDecider = {
  decide,
  evolve,
  initialState: (): SnapshotsState => ({ snapshots: new Map() }),
};
