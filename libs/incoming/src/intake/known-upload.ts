import { UploadReceived, type RecordedEvent } from '@mbd/events';

/**
 * What a .changes whose upload id is already in the log is: a re-delivery of the same bytes (dput
 * re-sending, a crash leftover), or a replay (another byte copy of the same signed content).
 */
export type KnownUploadCopy = { readonly kind: 'redelivery' } | { readonly kind: 'replay'; readonly originalUploadId: string };

/**
 * Decides from the upload's stream and the copy's SHA-256. Only an upload that was taken in
 * (UploadReceived) records the bytes of its .changes; one rejected before that (incomplete,
 * unparseable, bad checksums) was never processed, so any copy of it is cleared as a re-delivery.
 */
export function classifyKnownUpload(uploadId: string, stream: readonly RecordedEvent[], changesSha256: string): KnownUploadCopy {
  const received = stream.find((event) => UploadReceived.is(event)) as UploadReceived | undefined;
  if (!received || received.data.changes.sha256 === changesSha256) return { kind: 'redelivery' };
  return { kind: 'replay', originalUploadId: uploadId };
}
