import { EventStore, UploadAccepted, UploadReceived, uploadStream, type DataOf, type FileRef } from '@mbd/events';

/** The files a build of an upload needs, and the upload's acceptance (its options). */
export interface BuildSourceFiles {
  /** The upload's own files and those the packager took from the pool (an orig tarball the upload left out), each once. */
  readonly files: readonly FileRef[];
  /** The .dsc among `files`. */
  readonly dsc: FileRef;
  readonly accepted?: DataOf<typeof UploadAccepted>;
}

/** What a build of `uploadId` is built from, read from the upload stream (for the local builder and remote ones alike). */
export async function buildSourceFiles(store: EventStore, uploadId: string): Promise<BuildSourceFiles> {
  const events = await store.readStream(uploadStream(uploadId));
  const received = events.find((event) => UploadReceived.is(event));
  if (!received || !UploadReceived.is(received)) throw new Error(`upload ${uploadId} has no UploadReceived`);
  const acceptedEvent = events.find((event) => UploadAccepted.is(event));
  const accepted = acceptedEvent && UploadAccepted.is(acceptedEvent) ? acceptedEvent.data : undefined;
  const names = new Set<string>();
  const files: FileRef[] = [];
  for (const file of [...received.data.files, ...(accepted?.poolFiles ?? [])]) {
    if (names.has(file.name)) continue;
    names.add(file.name);
    files.push(file);
  }
  const dsc = received.data.files.find((file) => file.name.endsWith('.dsc'));
  if (!dsc) throw new Error(`upload ${uploadId} has no .dsc`);
  return { files, dsc, ...(accepted ? { accepted } : {}) };
}
