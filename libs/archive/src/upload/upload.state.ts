import type { DataOf, FileRef, QaCheckResult, UploadAccepted, UploadEvent, UploadReceived } from '@mbd/events';
import { assertNever } from '../decider.js';

export type BuildStatus = 'requested' | 'building' | 'succeeded' | 'failed' | 'cancelled';

/** The latest build attempt of one architecture of an upload. */
export interface BuildProgress {
  readonly buildId: string;
  readonly architecture: string;
  readonly attempt: number;
  readonly archAll: boolean;
  readonly optional: boolean;
  readonly status: BuildStatus;
  readonly files: readonly FileRef[];
  readonly lintian?: { readonly errors: number; readonly warnings: number; readonly tags?: readonly string[] };
  /** piuparts' and autopkgtest's verdicts on the build, when they ran. */
  readonly piuparts?: QaCheckResult;
  readonly autopkgtest?: QaCheckResult;
  readonly reason?: string;
}

type Received = DataOf<typeof UploadReceived>;
type Accepted = DataOf<typeof UploadAccepted>;

/**
 * An upload stream's state, by status: nothing yet, received, rejected, accepted (building), failed.
 * A `retriable` rejection (the daemon could not review it) can still be reviewed again.
 */
export type UploadState =
  | { readonly status: 'initial' }
  | { readonly status: 'received'; readonly received: Received }
  | {
      readonly status: 'rejected';
      readonly received?: Received;
      readonly reasons: readonly string[];
      readonly retriable?: boolean;
      /** The uploads it was retried as (UploadRetried), oldest first. */
      readonly retries?: readonly string[];
    }
  | {
      readonly status: 'accepted' | 'failed';
      readonly received: Received;
      readonly accepted: Accepted;
      readonly builds: ReadonlyMap<string, BuildProgress>;
      /** lintian on the source, once it ran beside the builds (`accepted.lintSource`). */
      readonly sourceLint?: { readonly lintian: BuildProgress['lintian'] | null; readonly reason?: string };
      readonly reasons?: readonly string[];
      /** The uploads a failed upload was retried as (UploadRetried), oldest first. */
      readonly retries?: readonly string[];
    };

export type BuildingUploadState = Extract<UploadState, { status: 'accepted' | 'failed' }>;

export const initialUploadState = (): UploadState => ({ status: 'initial' });

/** Applies a change to the current attempt of `architecture`; events of an older attempt change nothing. */
const updateBuild = (
  state: UploadState,
  buildId: string,
  architecture: string,
  change: (build: BuildProgress) => BuildProgress,
): UploadState => {
  if (state.status !== 'accepted' && state.status !== 'failed') return state;
  const build = state.builds.get(architecture);
  if (!build || build.buildId !== buildId) return state;
  return { ...state, builds: new Map(state.builds).set(architecture, change(build)) };
};

export const evolveUpload = (state: UploadState, event: UploadEvent): UploadState => {
  switch (event.type) {
    case 'UploadReceived':
      return { status: 'received', received: event.data };
    case 'UploadRejected':
      return {
        status: 'rejected',
        ...(state.status === 'received' || state.status === 'rejected' ? (state.received ? { received: state.received } : {}) : {}),
        reasons: event.data.reasons,
        ...(event.data.retriable ? { retriable: true } : {}),
      };
    case 'UploadAccepted':
      return (state.status === 'received' || state.status === 'rejected') && state.received
        ? { status: 'accepted', received: state.received, accepted: event.data, builds: new Map() }
        : state;
    case 'SourceLinted':
      if (state.status !== 'accepted' && state.status !== 'failed') return state;
      return { ...state, sourceLint: { lintian: event.data.lintian, ...(event.data.reason ? { reason: event.data.reason } : {}) } };
    case 'UploadFailed':
      return state.status === 'accepted' ? { ...state, status: 'failed', reasons: event.data.reasons } : state;
    case 'UploadRetried':
      return state.status === 'rejected' || state.status === 'failed' ? { ...state, retries: [...(state.retries ?? []), event.data.retryUploadId] } : state;
    case 'UploadRetryRefused':
      return state;
    case 'BuildRequested': {
      if (state.status !== 'accepted' && state.status !== 'failed') return state;
      const { buildId, architecture, attempt, archAll, optional } = event.data;
      const build: BuildProgress = { buildId, architecture, attempt, archAll, optional, status: 'requested', files: [] };
      return { ...state, status: 'accepted', builds: new Map(state.builds).set(architecture, build) };
    }
    case 'BuildStarted':
      return updateBuild(state, event.data.buildId, event.data.architecture, (build) => ({ ...build, status: 'building' }));
    case 'BuildSucceeded': {
      const { lintian, piuparts, autopkgtest, files } = event.data;
      return updateBuild(state, event.data.buildId, event.data.architecture, (build) => ({
        ...build,
        status: 'succeeded',
        files,
        ...(lintian ? { lintian } : {}),
        ...(piuparts ? { piuparts } : {}),
        ...(autopkgtest ? { autopkgtest } : {}),
      }));
    }
    case 'BuildFailed':
      return updateBuild(state, event.data.buildId, event.data.architecture, (build) => ({ ...build, status: 'failed', reason: event.data.reason }));
    case 'BuildCancelled':
      return updateBuild(state, event.data.buildId, event.data.architecture, (build) => ({ ...build, status: 'cancelled', reason: event.data.reason }));
    default:
      return assertNever(event, 'upload event');
  }
};
