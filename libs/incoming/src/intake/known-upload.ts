import { UploadReceived, type RecordedEvent } from '@mbd/events';

/**
 * What a .changes whose upload id is already in the log is: a re-delivery of the same bytes (dput
 * re-sending, a crash leftover), or a replay (another byte copy of the same signed content).
 */
export type KnownUploadCopy =
  | { readonly kind: 'redelivery' }
  | { readonly kind: 'replay'; readonly originalUploadId: string }
  | { readonly kind: 'resubmission'; readonly originalUploadId: string };

/**
 * Decides from the upload's stream and the copy's SHA-256. A copy of an upload the packager rejected
 * is a resubmission (a fixed signature, a key added meanwhile): taken in as a new upload under the
 * copy's own id. A copy of any other upload taken in is a replay. Only an upload that was taken in
 * (UploadReceived) records the bytes of its .changes; one rejected before that (incomplete,
 * unparseable, bad checksums) was never processed, so any copy of it is cleared as a re-delivery.
 */
export function classifyKnownUpload(uploadId: string, stream: readonly RecordedEvent[], changesSha256: string): KnownUploadCopy {
  const received = stream.find((event) => UploadReceived.is(event)) as UploadReceived | undefined;
  if (!received || received.data.changes.sha256 === changesSha256) return { kind: 'redelivery' };
  // The packager rejected the original (e.g. signed with a key that may not upload): a copy signed anew is a new attempt.
  if (stream.at(-1)?.type === 'UploadRejected') return { kind: 'resubmission', originalUploadId: uploadId };
  return { kind: 'replay', originalUploadId: uploadId };
}
