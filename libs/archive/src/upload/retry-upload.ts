import { UploadRetried, UploadRetryRefused, type UploadEvent } from '@mbd/events';
import { eventMetadata } from '../decider.js';
import { ArchiveError } from '../errors.js';
import type { RetryUpload } from './upload.commands.js';
import type { UploadState } from './upload.state.js';

/** A retry that is still alive (taken in, reviewed, building or installed) must end before the upload is retried again. */
const alive = (status: string): boolean => status === 'received' || status === 'accepted';

/** Why the upload in `state` cannot be retried now; none when it can. */
function refusals(state: UploadState, { uploadId, previousRetry, missingFiles }: RetryUpload['data']): string[] {
  if (state.status !== 'rejected' && state.status !== 'failed')
    return [`upload ${uploadId} is ${state.status === 'accepted' ? 'accepted (building or installed)' : state.status}: only a rejected or failed upload can be retried`];
  if (!state.received) return [`upload ${uploadId} was rejected before incoming took it in (${(state.reasons ?? []).join('; ')}): none of its files were stored; upload it again`];
  const reasons: string[] = [];
  const latest = state.retries?.at(-1);
  if (latest !== previousRetry?.uploadId) return [`upload ${uploadId} was retried meanwhile (as upload ${latest ?? 'none'}); look at it and try again`];
  if (previousRetry && alive(previousRetry.status)) reasons.push(`upload ${uploadId} was already retried as upload ${previousRetry.uploadId}, which is ${previousRetry.status}`);
  if (missingFiles.length > 0)
    reasons.push(`the blob store no longer has ${missingFiles.join(', ')} of upload ${uploadId} (a rejected upload's files are removed after the retention); upload it again`);
  return reasons;
}

/**
 * mini-buildd's `retry`, decided (pure): a rejected or failed upload whose files are all stored, and
 * whose latest retry is not alive, is retried as `retryUploadId` (UploadRetried); anything else is
 * refused with every reason (UploadRetryRefused), and nothing is taken in.
 */
export function retryUpload(command: RetryUpload, state: UploadState): UploadEvent[] {
  if (state.status === 'initial') throw new ArchiveError('upload-unknown', `no upload ${command.data.uploadId} was received`);
  const { uploadId, retryUploadId, reason } = command.data;
  const metadata = eventMetadata(command.metadata);
  const refused = refusals(state, command.data);
  if (refused.length > 0 || !('received' in state) || !state.received) return [UploadRetryRefused.create({ uploadId, reasons: refused }, metadata)];
  const { source, version } = state.received;
  return [UploadRetried.create({ uploadId, retryUploadId, source, version, ...(reason ? { reason } : {}) }, metadata)];
}
