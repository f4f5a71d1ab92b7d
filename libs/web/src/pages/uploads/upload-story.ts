import { parseDistributionName } from '@mbd/archive';
import { UploadAccepted, UploadReceived, type DataOf } from '@mbd/events';
import { dataOf, type StoryEvent } from './event-words.js';
import type { UploadListState } from './uploads.page.js';

/** The event types of distribution streams: what happened to a source version after its upload. */
const archiveEventTypes = new Set([
  'PackageInstalled',
  'PackageMigrated',
  'PackageRemoved',
  'PackageRotatedToRollback',
  'PackageRemovedFromRollback',
  'PackageRestored',
  'PackagePorted',
  'ArchiveCommandRefused',
]);

const field = (data: unknown, name: string): unknown => (typeof data === 'object' && data !== null ? (data as Record<string, unknown>)[name] : undefined);

const repositoryOf = (event: StoryEvent): string | undefined => {
  const distribution = field(event.data, 'to') ?? field(event.data, 'distribution');
  return typeof distribution === 'string' ? parseDistributionName(distribution)?.repository : undefined;
};

export interface UploadFacts {
  readonly received?: DataOf<typeof UploadReceived>;
  readonly accepted?: DataOf<typeof UploadAccepted>;
}

/** What an upload's stream says about it: its .changes as received, and where it was accepted. */
export const uploadFacts = (story: readonly StoryEvent[]): UploadFacts => {
  let received: UploadFacts['received'];
  let accepted: UploadFacts['accepted'];
  for (const event of story) {
    received ??= dataOf(UploadReceived, event);
    accepted = dataOf(UploadAccepted, event) ?? accepted;
  }
  return { ...(received ? { received } : {}), ...(accepted ? { accepted } : {}) };
};

/**
 * The archive's later events about this upload among the events of its source (pure): its install
 * (by upload id), then what happened to its version in the same repository — migrations, removals,
 * rollbacks, ports, refusals.
 */
export function laterEventsOf(uploadId: string, facts: UploadFacts, events: readonly StoryEvent[]): StoryEvent[] {
  const { received, accepted } = facts;
  return events.filter((event) => {
    if (!archiveEventTypes.has(event.type)) return false;
    if (event.type === 'PackageInstalled' && field(event.data, 'uploadId') === uploadId) return true;
    if (!received || field(event.data, 'source') !== received.source) return false;
    const version = event.type === 'PackagePorted' ? field(event.data, 'fromVersion') : field(event.data, 'version');
    if (version !== received.version) return false;
    return accepted === undefined || repositoryOf(event) === accepted.repository;
  });
}

/**
 * Where the upload stands, from its story: rejected or failed as soon as that happened, installed
 * once it entered a distribution, built when every build succeeded, building while builds are
 * requested or running, accepted before its builds, received before the review.
 */
export function uploadStateOf(uploadId: string, story: readonly StoryEvent[]): UploadListState | undefined {
  let state: UploadListState | undefined;
  const builds = new Map<string, string>();
  const latestBuildOf = new Map<string, string>();
  for (const event of story) {
    const buildId = field(event.data, 'buildId');
    const architecture = field(event.data, 'architecture');
    switch (event.type) {
      case 'UploadReceived':
        state ??= 'received';
        break;
      case 'UploadAccepted':
        if (state === 'received' || state === 'rejected') state = 'accepted';
        break;
      case 'UploadRejected':
        state = 'rejected';
        break;
      case 'UploadFailed':
        state = 'failed';
        break;
      case 'BuildRequested':
        if (typeof buildId === 'string' && typeof architecture === 'string') {
          latestBuildOf.set(architecture, buildId);
          builds.set(buildId, 'requested');
        }
        if (state === 'accepted' || state === 'built') state = 'building';
        break;
      case 'BuildSucceeded':
      case 'BuildFailed':
      case 'BuildCancelled':
        if (typeof buildId === 'string') builds.set(buildId, event.type);
        if (state === 'building' && [...latestBuildOf.values()].every((id) => builds.get(id) === 'BuildSucceeded')) state = 'built';
        break;
      case 'PackageInstalled':
        if (field(event.data, 'uploadId') === uploadId && state !== 'failed') state = 'installed';
        break;
      default:
        break;
    }
  }
  return state;
}
