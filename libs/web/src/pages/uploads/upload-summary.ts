import type { UploadItem } from '@mbd/projections';
import type { UploadSummary } from './uploads.page.js';

/** An item of the uploads read model as the pages show it: the distribution it went to (else the one its .changes named), each reason on its own. */
export const toUploadSummary = (item: UploadItem): UploadSummary => {
  const distribution = item.distribution ?? item.changesDistribution;
  return {
    uploadId: item.uploadId,
    ...(item.source !== null ? { source: item.source } : {}),
    ...(item.version !== null ? { version: item.version } : {}),
    ...(distribution !== null ? { distribution } : {}),
    state: item.state,
    reasons: item.reason === null ? [] : item.reason.split('\n').filter((reason) => reason.length > 0),
    ...(item.changedBy !== null ? { changedBy: item.changedBy } : {}),
    receivedAt: item.receivedAt,
  };
};
