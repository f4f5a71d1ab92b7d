import type { BuildCancelled, BuildFailed, BuildRequested, BuildStarted, BuildSucceeded } from '@mbd/events';
import type { BuildQueueEntry, BuildState } from './build-queue-entry.entity.js';

export type BuildEvent = BuildRequested | BuildStarted | BuildSucceeded | BuildFailed | BuildCancelled;

/** What the build queue knows of an event besides its data. */
export interface BuildEventContext {
  readonly position: number;
  /** ISO 8601 UTC. */
  readonly occurredAt: string;
  /** Who made the upload (BuildRequested only). */
  readonly uploader: string;
}

/**
 * sbuild statuses of a failed build that mean "waiting for build dependencies" (wanna-build's dep-wait):
 * sbuild gives a build back when the build dependencies cannot be installed.
 */
export const depWaitStatuses: readonly string[] = ['given-back', 'dep-wait'];

/** A finished build stays as it is: a later event for it (a late start, a second result) changes nothing. */
const finished: readonly BuildState[] = ['built', 'failed', 'dep-wait', 'cancelled'];

/** The build queue's row for a build after `event` (pure); null while the build is unknown. */
export function evolveBuild(row: BuildQueueEntry | null, event: BuildEvent, context: BuildEventContext): BuildQueueEntry | null {
  if (event.type === 'BuildRequested') {
    if (row) return row;
    const { buildId, uploadId, source, version, distribution, architecture, archAll, optional, attempt } = event.data;
    return {
      buildId,
      uploadId,
      uploader: context.uploader,
      source,
      version,
      distribution,
      architecture,
      archAll,
      optional,
      attempt,
      state: 'needs-build',
      reason: null,
      builder: null,
      requestedPosition: context.position,
      requestedAt: context.occurredAt,
      startedAt: null,
      finishedAt: null,
    };
  }
  if (!row || finished.includes(row.state)) return row;
  switch (event.type) {
    case 'BuildStarted':
      return { ...row, state: 'building', builder: event.data.builder, startedAt: context.occurredAt };
    case 'BuildSucceeded':
      return { ...row, state: 'built', reason: null, finishedAt: context.occurredAt };
    case 'BuildFailed':
      return {
        ...row,
        state: depWaitStatuses.includes(event.data.status) ? 'dep-wait' : 'failed',
        reason: event.data.reason,
        finishedAt: context.occurredAt,
      };
    case 'BuildCancelled':
      return { ...row, state: 'cancelled', reason: event.data.reason, finishedAt: context.occurredAt };
    default: {
      const unreachable: never = event;
      return unreachable;
    }
  }
}
