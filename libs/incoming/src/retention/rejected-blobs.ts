import { UploadRejected, type RecordedEvent } from '@mbd/events';

const sha256Pattern = /^[0-9a-f]{64}$/;

/**
 * Every blob an event's data refers to: the `sha256` of any FileRef-like object at any depth (upload
 * files, build results and logs, installed packages, keys…), and, to err on the side of keeping,
 * any other string that is a SHA-256.
 */
export function blobsReferencedBy(data: unknown, into = new Set<string>()): Set<string> {
  if (typeof data === 'string') {
    if (sha256Pattern.test(data)) into.add(data);
  } else if (Array.isArray(data)) {
    for (const item of data) blobsReferencedBy(item, into);
  } else if (typeof data === 'object' && data !== null) {
    for (const value of Object.values(data)) blobsReferencedBy(value, into);
  }
  return into;
}

/** What the sweeper may remove: blobs only rejected uploads past the retention refer to. */
export interface RejectedBlobPlan {
  /** Uploads whose stream ends with an UploadRejected older than the retention. */
  readonly expiredUploads: readonly string[];
  /** Blobs those uploads refer to that no other event refers to. */
  readonly removable: readonly string[];
  /** Blobs those uploads refer to that are kept because another stream (or a newer rejection) refers to them. */
  readonly shared: number;
}

interface StreamSummary {
  readonly blobs: Set<string>;
  last?: RecordedEvent;
}

/**
 * Plans a sweep in one pass over the log. A stream counts as an expired rejected upload when its last
 * event is UploadRejected and that happened at or before `rejectedBefore`; anything appended after the
 * rejection (a retry, an acceptance) keeps the stream's blobs. The blobs of expired uploads minus those
 * of every other stream are removable; the events themselves stay.
 */
export async function planRejectedBlobSweep(events: AsyncIterable<RecordedEvent> | Iterable<RecordedEvent>, rejectedBefore: Date): Promise<RejectedBlobPlan> {
  const streams = new Map<string, StreamSummary>();
  for await (const event of events) {
    let summary = streams.get(event.streamId);
    if (!summary) streams.set(event.streamId, (summary = { blobs: new Set() }));
    blobsReferencedBy(event.data, summary.blobs);
    summary.last = event;
  }
  const isExpired = ({ last }: StreamSummary): boolean =>
    last !== undefined && UploadRejected.is(last) && Date.parse(last.metadata.occurredAt) <= rejectedBefore.getTime();
  const candidates = new Set<string>();
  const referenced = new Set<string>();
  const expiredUploads: string[] = [];
  for (const summary of streams.values()) {
    const target = isExpired(summary) ? candidates : referenced;
    for (const blob of summary.blobs) target.add(blob);
    if (target === candidates) expiredUploads.push((summary.last as UploadRejected).data.uploadId);
  }
  const removable = [...candidates].filter((blob) => !referenced.has(blob));
  return { expiredUploads, removable, shared: candidates.size - removable.length };
}
