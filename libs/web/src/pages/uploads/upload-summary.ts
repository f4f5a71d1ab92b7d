import type { ProjectionsService } from '@mbd/projections';
import type { UploadSummary } from './uploads.page.js';

/** A query of the uploads read model: newest first, keyset-paged by position. */
export interface UploadsQuery {
  readonly source?: string;
  readonly state?: string;
  readonly distribution?: string;
  readonly beforePosition?: number;
  readonly limit: number;
}

export interface UploadsResult {
  readonly items: readonly UploadSummary[];
  readonly nextBefore: number | null;
}

/** The uploads read model's queries, as the pages use them (ProjectionsService.listUploads / getUpload). */
export interface UploadsReadModel {
  listUploads(query: UploadsQuery): Promise<UploadsResult>;
}

/** TEMPORARY until ProjectionsService.listUploads lands in libs/projections: the same service, seen through the API it is getting. */
export const uploadsReadModel = (projections: ProjectionsService): UploadsReadModel => projections as unknown as UploadsReadModel;
