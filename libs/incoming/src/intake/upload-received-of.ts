import { formatVersion, type Changes, type FileDigests } from '@mbd/debian';
import { UploadReceived, type EventMetadata, type FileRef } from '@mbd/events';
import { ZodError } from 'zod';

export interface UploadReceivedInput {
  readonly uploadId: string;
  /** The .changes' file name and digests. */
  readonly changesName: string;
  readonly changesFile: FileDigests;
  readonly changes: Changes;
  /** The measured digests of every file the .changes lists, by name. */
  readonly digests: ReadonlyMap<string, FileDigests>;
  readonly via: DataVia;
  /** A retry: the upload whose stored files this one takes in again. */
  readonly retryOf?: string;
  readonly metadata: EventMetadata;
}

type DataVia = UploadReceived['data']['via'];

/** The UploadReceived of a checked .changes, or why the .changes cannot be one (each reason for the uploader). */
export type ReceivedOrRefused = { readonly event: UploadReceived } | { readonly reasons: string[] };

/** Builds the UploadReceived of an upload whose files incoming checked (pure): the same for dput uploads and retries. */
export function uploadReceivedOf(input: UploadReceivedInput): ReceivedOrRefused {
  const { changes, changesName } = input;
  if (changes.changedBy === undefined) return { reasons: [`${changesName}: the Changed-By field is missing (maybe the changelog entry was not finalised?)`] };
  const ref = (file: string, { sha256, size }: FileDigests): FileRef => ({ name: file, sha256, size });
  try {
    return {
      event: UploadReceived.create(
        {
          uploadId: input.uploadId,
          changes: ref(changesName, input.changesFile),
          files: changes.files.map((file) => ref(file.name, input.digests.get(file.name)!)),
          source: changes.source,
          version: formatVersion(changes.version),
          distribution: changes.distributions.join(' '),
          architectures: [...changes.architectures],
          changedBy: changes.changedBy,
          signedBy: null,
          via: input.via,
          ...(input.retryOf === undefined ? {} : { retryOf: input.retryOf }),
        },
        input.metadata,
      ),
    };
  } catch (error) {
    if (error instanceof ZodError) return { reasons: error.issues.map((issue) => `${issue.path.join('.') || 'upload'}: ${issue.message}`) };
    throw error;
  }
}
