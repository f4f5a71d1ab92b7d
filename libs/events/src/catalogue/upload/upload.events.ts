import type { BuildCancelled } from '../build/build-cancelled.event.js';
import type { BuildFailed } from '../build/build-failed.event.js';
import type { BuildRequested } from '../build/build-requested.event.js';
import type { BuildStarted } from '../build/build-started.event.js';
import type { BuildSucceeded } from '../build/build-succeeded.event.js';
import type { SourceLinted } from './source-linted.event.js';
import type { UploadAccepted } from './upload-accepted.event.js';
import type { UploadFailed } from './upload-failed.event.js';
import type { UploadReceived } from './upload-received.event.js';
import type { UploadRejected } from './upload-rejected.event.js';
import type { UploadRetried } from './upload-retried.event.js';
import type { UploadRetryRefused } from './upload-retry-refused.event.js';

/**
 * Everything in an upload stream (`upload-<id>`): its whole lifecycle, builds included.
 * A retry is a new BuildRequested with the next `attempt`.
 */
export type UploadEvent =
  | UploadReceived
  | UploadAccepted
  | SourceLinted
  | UploadRejected
  | UploadFailed
  | UploadRetried
  | UploadRetryRefused
  | BuildRequested
  | BuildStarted
  | BuildSucceeded
  | BuildFailed
  | BuildCancelled;
