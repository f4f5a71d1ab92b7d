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
 * Decides from the upload's stream and the copy's SHA-256:
 * - an upload rejected before it was taken in (incomplete, bad checksums: no UploadReceived) or
 *   rejected by the packager (a key not yet allowed, a fixed signature) may be sent again: any copy,
 *   the same bytes too, is a resubmission, taken in as a new upload (nothing of a rejected upload
 *   was installed, so there is nothing to replay);
 * - the same bytes of an upload taken in and not rejected are a re-delivery (dput re-sending, a crash
 *   leftover), cleared;
 * - any other copy of it (re-encoded, re-signed) is a replay, rejected.
 */
export function classifyKnownUpload(uploadId: string, stream: readonly RecordedEvent[], changesSha256: string): KnownUploadCopy {
  const received = stream.find((event) => UploadReceived.is(event)) as UploadReceived | undefined;
  if (!received || stream.at(-1)?.type === 'UploadRejected') return { kind: 'resubmission', originalUploadId: uploadId };
  if (received.data.changes.sha256 === changesSha256) return { kind: 'redelivery' };
  return { kind: 'replay', originalUploadId: uploadId };
}
