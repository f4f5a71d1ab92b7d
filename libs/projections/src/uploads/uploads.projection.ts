import { parseStreamId, validateEvent, type RecordedEvent } from '@mbd/events';
import { In, type EntityManager } from 'typeorm';
import { chunked } from '../chunks.js';
import type { Projection } from '../runner/projection.js';
import { evolveUploadEntry, uploadEntryEventTypes, type UploadEntryEvent } from './evolve-upload-entry.js';
import { UploadEntry } from './upload-entry.entity.js';

const handled: readonly string[] = uploadEntryEventTypes;
const isUploadEntryEvent = (event: { type: string }): event is UploadEntryEvent => handled.includes(event.type);

/** The upload of a stream `upload-<id>`; undefined for any other stream. */
const uploadOfStream = (streamId: string): string | undefined => {
  try {
    const parsed = parseStreamId(streamId);
    return parsed.kind === 'upload' ? parsed.uploadId : undefined;
  } catch {
    return undefined;
  }
};

/** The upload an event is about: named in its data, else (a build's start or result) the upload of its stream. */
const uploadOf = (event: UploadEntryEvent, streamId: string): string | undefined =>
  'uploadId' in event.data ? event.data.uploadId : uploadOfStream(streamId);

/**
 * The uploads: one row per upload id with its lifecycle state. A batch loads the rows it touches at
 * once, folds the events with the pure evolveUploadEntry and writes back the changed rows.
 */
export const uploadsProjection: Projection = {
  name: 'uploads',
  handles: handled,
  entities: [UploadEntry],
  async apply(manager: EntityManager, recorded: readonly RecordedEvent[]): Promise<void> {
    const events = recorded.flatMap((raw) => {
      const event = validateEvent(raw);
      if (!isUploadEntryEvent(event)) return [];
      const uploadId = uploadOf(event, raw.streamId);
      return uploadId === undefined ? [] : [{ event, uploadId, position: raw.position }];
    });
    if (events.length === 0) return;
    const keys = [...new Set(events.map(({ uploadId }) => uploadId))];
    const rows = new Map<string, UploadEntry>();
    for (const chunk of chunked(keys, 1)) for (const row of await manager.findBy(UploadEntry, { uploadId: In(chunk) })) rows.set(row.uploadId, row);

    const changed = new Map<string, UploadEntry>();
    for (const { event, uploadId, position } of events) {
      const before = rows.get(uploadId) ?? null;
      const after = evolveUploadEntry(before, event, { uploadId, position, occurredAt: new Date(event.metadata.occurredAt).toISOString() });
      if (after && after !== before) {
        rows.set(uploadId, after);
        changed.set(uploadId, after);
      }
    }
    for (const chunk of chunked([...changed.values()], 15)) await manager.upsert(UploadEntry, chunk, ['uploadId']);
  },
};
