import { foldEvents, uploadDecider, type UploadState } from '@mbd/archive';
import { uploadStream, type EventStore, type UploadEvent } from '@mbd/events';

/** An upload's state, folded from its stream (`upload-<id>`) by the upload decider. */
export async function uploadState(store: EventStore, uploadId: string): Promise<UploadState> {
  return foldEvents(uploadDecider, (await store.readStream(uploadStream(uploadId))) as unknown as UploadEvent[]);
}
