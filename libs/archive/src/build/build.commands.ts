import type { DataOf, BuildFailed, BuildStarted, BuildSucceeded } from '@mbd/events';
import type { Command } from '../decider.js';

/** A builder took the build (decided on the upload stream). */
export type StartBuild = Command<'StartBuild', DataOf<typeof BuildStarted>>;
/** sbuild finished successfully; results and log are in the blob store. */
export type RecordBuildSuccess = Command<'RecordBuildSuccess', DataOf<typeof BuildSucceeded>>;
/** sbuild failed (or the builder could not run it). */
export type RecordBuildFailure = Command<'RecordBuildFailure', DataOf<typeof BuildFailed>>;
/** Stop the current build of `architecture` (a user, or a daemon restart). */
export type CancelBuild = Command<'CancelBuild', { readonly architecture: string; readonly reason: string }>;
/** Build `architecture` again after a failure or a cancel: a new BuildRequested with the next attempt. */
export type RetryBuild = Command<'RetryBuild', { readonly architecture: string }>;

export type BuildCommand = StartBuild | RecordBuildSuccess | RecordBuildFailure | CancelBuild | RetryBuild;
