import { validateEvent, type RecordedEvent } from '@mbd/events';
import { In, type EntityManager } from 'typeorm';
import { chunked } from '../chunks.js';
import type { Projection } from '../runner/projection.js';
import { BuildQueueEntry } from './build-queue-entry.entity.js';
import { BuildQueueUploader } from './build-queue-uploader.entity.js';
import { evolveBuild, type BuildEvent } from './evolve-build.js';

const buildEventTypes: readonly string[] = ['BuildRequested', 'BuildStarted', 'BuildSucceeded', 'BuildFailed', 'BuildCancelled'];
const isBuildEvent = (event: { type: string }): event is BuildEvent => buildEventTypes.includes(event.type);

async function findIn<T extends BuildQueueEntry | BuildQueueUploader>(
  manager: EntityManager,
  entity: new () => T,
  column: 'buildId' | 'uploadId',
  keys: readonly string[],
): Promise<T[]> {
  const found: T[] = [];
  for (const chunk of chunked(keys, 1)) found.push(...(await manager.findBy(entity, { [column]: In(chunk) } as never)));
  return found;
}

/** Who made an upload, the unit of fairness: its signing key, else its Changed-By. */
const uploaderOf = (signedBy: string | null, changedBy: string): string => (signedBy ? `key:${signedBy}` : changedBy);

/**
 * The build queue: one row per build (buildId) with its wanna-build state. A batch loads the rows it
 * touches at once, folds the events with the pure evolveBuild and writes back the changed rows.
 */
export const buildQueueProjection: Projection = {
  name: 'build-queue',
  handles: ['UploadReceived', ...buildEventTypes],
  entities: [BuildQueueEntry, BuildQueueUploader],
  async apply(manager: EntityManager, recorded: readonly RecordedEvent[]): Promise<void> {
    const events = recorded.map((event) => ({ event: validateEvent(event), position: event.position }));
    const uploaders = new Map<string, string>();
    for (const { event } of events)
      if (event.type === 'UploadReceived') uploaders.set(event.data.uploadId, uploaderOf(event.data.signedBy, event.data.changedBy));
    for (const chunk of chunked([...uploaders].map(([uploadId, uploader]) => ({ uploadId, uploader })), 2))
      await manager.upsert(BuildQueueUploader, chunk, ['uploadId']);

    const builds = events.flatMap(({ event, position }) => (isBuildEvent(event) ? [{ event, position }] : []));
    if (builds.length === 0) return;
    const rows = new Map(
      (await findIn(manager, BuildQueueEntry, 'buildId', [...new Set(builds.map(({ event }) => event.data.buildId))])).map((row) => [row.buildId, row]),
    );
    const unknownUploads = builds.flatMap(({ event }) =>
      event.type === 'BuildRequested' && !uploaders.has(event.data.uploadId) ? [event.data.uploadId] : [],
    );
    for (const known of await findIn(manager, BuildQueueUploader, 'uploadId', [...new Set(unknownUploads)]))
      uploaders.set(known.uploadId, known.uploader);

    const changed = new Map<string, BuildQueueEntry>();
    for (const { event, position } of builds) {
      const { buildId } = event.data;
      const uploader =
        event.type === 'BuildRequested' ? (uploaders.get(event.data.uploadId) ?? `source:${event.data.source}`) : '';
      const before = rows.get(buildId) ?? null;
      const after = evolveBuild(before, event, { position, occurredAt: new Date(event.metadata.occurredAt).toISOString(), uploader });
      if (after && after !== before) {
        rows.set(buildId, after);
        changed.set(buildId, after);
      }
    }
    for (const chunk of chunked([...changed.values()], 17)) await manager.upsert(BuildQueueEntry, chunk, ['buildId']);
  },
};
