import type { EntityManager } from 'typeorm';
import { UploadEntry, type UploadEntryState } from './upload-entry.entity.js';

export interface UploadsFilter {
  readonly source?: string;
  readonly state?: UploadEntryState;
  /** `<codename>-<repository>-<suite>`, e.g. `bookworm-test-unstable`. */
  readonly distribution?: string;
  /** Exclusive: uploads received before this position (the `nextBefore` of the previous page). */
  readonly beforePosition?: number;
  /** Page size, 1…1000 (default 100). */
  readonly limit?: number;
}

/** One upload as the uploads pages list it. */
export type UploadItem = UploadEntry;

export interface UploadsPage {
  /** Newest first (by the position of the upload's first event). */
  readonly items: UploadItem[];
  /** Pass as beforePosition for the next, older page; null when this page is the last. */
  readonly nextBefore: number | null;
}

export const maxUploadsPage = 1000;

/** The query listUploads runs (one row more than the page, to tell whether another follows); each filter has an index ending in received_position. */
export function uploadsQuery(manager: EntityManager, filter: UploadsFilter, limit: number) {
  const query = manager.createQueryBuilder(UploadEntry, 'upload').orderBy('upload.receivedPosition', 'DESC').limit(limit + 1);
  if (filter.beforePosition !== undefined) query.andWhere('upload.receivedPosition < :before', { before: filter.beforePosition });
  if (filter.source !== undefined) query.andWhere('upload.source = :source', { source: filter.source });
  if (filter.state !== undefined) query.andWhere('upload.state = :state', { state: filter.state });
  if (filter.distribution !== undefined) query.andWhere('upload.distribution = :distribution', { distribution: filter.distribution });
  return query;
}

/** The uploads, newest first, filtered, one page at a time (keyset paging: later uploads never shift a page). */
export async function listUploads(manager: EntityManager, filter: UploadsFilter = {}): Promise<UploadsPage> {
  const limit = Math.min(Math.max(filter.limit ?? 100, 1), maxUploadsPage);
  const rows = await uploadsQuery(manager, filter, limit).getMany();
  const items = rows.slice(0, limit);
  return { items, nextBefore: rows.length > limit ? items.at(-1)!.receivedPosition : null };
}

/** One upload by its id; undefined when there is none. */
export async function getUpload(manager: EntityManager, uploadId: string): Promise<UploadItem | undefined> {
  return (await manager.findOneBy(UploadEntry, { uploadId })) ?? undefined;
}
