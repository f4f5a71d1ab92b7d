import { parseDistributionName } from '@mbd/archive';
import type {
  BuildCancelled,
  BuildFailed,
  BuildRequested,
  BuildStarted,
  BuildSucceeded,
  PackageInstalled,
  UploadAccepted,
  UploadFailed,
  UploadReceived,
  UploadRejected,
} from '@mbd/events';
import type { UploadEntry, UploadEntryBuild, UploadEntryState } from './upload-entry.entity.js';

export type UploadEntryEvent =
  | UploadReceived
  | UploadRejected
  | UploadAccepted
  | UploadFailed
  | BuildRequested
  | BuildStarted
  | BuildSucceeded
  | BuildFailed
  | BuildCancelled
  | PackageInstalled;

export const uploadEntryEventTypes: readonly UploadEntryEvent['type'][] = [
  'UploadReceived',
  'UploadRejected',
  'UploadAccepted',
  'UploadFailed',
  'BuildRequested',
  'BuildStarted',
  'BuildSucceeded',
  'BuildFailed',
  'BuildCancelled',
  'PackageInstalled',
];

/** What the uploads read model knows of an event besides its data. */
export interface UploadEventContext {
  readonly uploadId: string;
  readonly position: number;
  /** ISO 8601 UTC. */
  readonly occurredAt: string;
}

/** Who made an upload: its signing key, else its Changed-By (the build queue's uploader). */
const uploaderOf = (signedBy: string | null, changedBy: string): string => (signedBy ? `key:${signedBy}` : changedBy);

/** A distribution the .changes names in full, with its repository; a meta distribution (`unstable`) names neither. */
const named = (distribution: string | undefined): { distribution: string | null; repository: string | null } => {
  const parsed = distribution === undefined ? undefined : parseDistributionName(distribution);
  return parsed && distribution !== undefined ? { distribution, repository: parsed.repository } : { distribution: null, repository: null };
};

const reasons = (lines: readonly string[]): string => lines.join('\n');

const settled = (build: UploadEntryBuild): boolean => build.state === 'succeeded' || build.state === 'failed' || build.state === 'cancelled';

/** The state its builds put an accepted upload in: built once every build settled and every mandatory one succeeded. */
const fromBuilds = (builds: readonly UploadEntryBuild[]): { state: UploadEntryState; reason: string | null } => {
  if (builds.every((build) => build.state === 'requested')) return { state: 'accepted', reason: null };
  if (!builds.every(settled)) return { state: 'building', reason: null };
  const missing = builds.filter((build) => !build.optional && build.state !== 'succeeded');
  if (missing.length === 0) return { state: 'built', reason: null };
  return { state: 'failed', reason: reasons(missing.map((build) => `${build.architecture} ${build.state}${build.reason ? `: ${build.reason}` : ''}`)) };
};

/** The states in which builds come and go (a failed upload's build can be retried). */
const building: readonly UploadEntryState[] = ['accepted', 'building', 'built', 'failed'];

/** Applies a change to the current attempt of an architecture; an older attempt's event changes nothing. */
const updateBuild = (row: UploadEntry, buildId: string, change: (build: UploadEntryBuild) => UploadEntryBuild): UploadEntry => {
  const index = row.builds.findIndex((build) => build.buildId === buildId);
  if (index < 0) return row;
  const builds = row.builds.map((build, i) => (i === index ? change(build) : build));
  // a failed upload stays failed (with the packager's reasons) until a build is retried
  return row.state === 'failed' ? { ...row, builds } : { ...row, builds, ...fromBuilds(builds) };
};

/**
 * The uploads read model's row of an upload after `event` (pure); null while the upload is unknown.
 * A row starts with the upload's first event (UploadReceived, or the intake's UploadRejected); an event
 * that does not fit the upload's state (a late result, a second review) changes nothing.
 */
export function evolveUploadEntry(row: UploadEntry | null, event: UploadEntryEvent, context: UploadEventContext): UploadEntry | null {
  const after = evolve(row, event, context);
  return after === row || after === null ? after : { ...after, position: context.position, updatedAt: context.occurredAt };
}

function evolve(row: UploadEntry | null, event: UploadEntryEvent, context: UploadEventContext): UploadEntry | null {
  const stamp = { receivedPosition: context.position, receivedAt: context.occurredAt, position: context.position, updatedAt: context.occurredAt };
  switch (event.type) {
    case 'UploadReceived': {
      if (row) return row;
      const { source, version, distribution, signedBy, changedBy } = event.data;
      return {
        uploadId: context.uploadId,
        source,
        version,
        ...named(distribution),
        changesDistribution: distribution,
        uploader: uploaderOf(signedBy, changedBy),
        changedBy,
        state: 'received',
        reason: null,
        builds: [],
        ...stamp,
      };
    }
    case 'UploadRejected': {
      const reason = reasons(event.data.reasons);
      if (row) return row.state === 'received' || row.state === 'rejected' ? { ...row, state: 'rejected', reason } : row;
      const { source, version, distribution } = event.data;
      return {
        uploadId: context.uploadId,
        source: source ?? null,
        version: version ?? null,
        ...named(distribution),
        changesDistribution: distribution ?? null,
        uploader: null,
        changedBy: null,
        state: 'rejected',
        reason,
        builds: [],
        ...stamp,
      };
    }
    case 'UploadAccepted': {
      if (!row || (row.state !== 'received' && row.state !== 'rejected')) return row;
      const { distribution, repository } = event.data;
      return { ...row, distribution, repository, state: 'accepted', reason: null };
    }
    case 'UploadFailed':
      return row && building.includes(row.state) ? { ...row, state: 'failed', reason: reasons(event.data.reasons) } : row;
    case 'BuildRequested': {
      if (!row || !building.includes(row.state)) return row;
      const { architecture, buildId, attempt, optional } = event.data;
      const build: UploadEntryBuild = { architecture, buildId, attempt, optional, state: 'requested' };
      const builds = [...row.builds.filter((known) => known.architecture !== architecture), build].sort((a, b) =>
        a.architecture.localeCompare(b.architecture),
      );
      return { ...row, builds, ...fromBuilds(builds) };
    }
    case 'BuildStarted':
      return row && building.includes(row.state) ? updateBuild(row, event.data.buildId, (build) => ({ ...build, state: 'building' })) : row;
    case 'BuildSucceeded':
      return row && building.includes(row.state)
        ? updateBuild(row, event.data.buildId, ({ reason: _, ...build }) => ({ ...build, state: 'succeeded' }))
        : row;
    case 'BuildFailed':
    case 'BuildCancelled': {
      const state = event.type === 'BuildFailed' ? 'failed' : 'cancelled';
      return row && building.includes(row.state)
        ? updateBuild(row, event.data.buildId, (build) => ({ ...build, state, reason: event.data.reason }))
        : row;
    }
    case 'PackageInstalled':
      return row && building.includes(row.state) ? { ...row, state: 'installed', reason: null } : row;
    default: {
      const unreachable: never = event;
      return unreachable;
    }
  }
}
