import { Controller, Get, Header, NotFoundException, Param, Query, Req } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { EventStore, uploadStream, type RecordedEvent } from '@mbd/events';
import { ProjectionsService, type AuditLogPage } from '@mbd/projections';
import type { Request } from 'express';
import { z } from 'zod';
import { ZodValidationPipe } from '../../zod-validation.pipe.js';
import { PageSessionsService } from '../session/page-sessions.service.js';
import { mergeStories, storyEventOfAudit, storyEventOfRecorded } from './event-words.js';
import { laterEventsOf, uploadFacts } from './upload-story.js';
import { renderUploadPage } from './upload.page.js';
import { toUploadSummary } from './upload-summary.js';
import { renderUploadsPage, uploadStates } from './uploads.page.js';

/** An empty form field is no filter. */
const optional = <T extends z.ZodType>(schema: T) => z.preprocess((value) => (value === '' ? undefined : value), schema.optional());
const listSchema = z.object({
  state: optional(z.enum(uploadStates)),
  source: optional(z.string().max(100)),
  distribution: optional(z.string().max(100)),
  before: optional(z.coerce.number().int().positive()),
});

export const uploadsPageSize = 50;
/** How many later events of the upload's source the page reads (the rest is in the audit log). */
const laterEventsLimit = 1000;

/** `GET /uploads` and `GET /uploads/<uploadId>`: the uploads, and each one's whole story. */
@ApiExcludeController()
@Controller()
export class UploadsPageController {
  constructor(
    private readonly pages: PageSessionsService,
    private readonly projections: ProjectionsService,
    private readonly store: EventStore,
  ) {}

  @Get('uploads')
  @Header('content-type', 'text/html; charset=utf-8')
  async list(@Req() request: Request, @Query(new ZodValidationPipe(listSchema)) query: z.infer<typeof listSchema>): Promise<string> {
    const page = await this.projections.listUploads({
      ...(query.state ? { state: query.state } : {}),
      ...(query.source ? { source: query.source } : {}),
      ...(query.distribution ? { distribution: query.distribution } : {}),
      ...(query.before !== undefined ? { beforePosition: query.before } : {}),
      limit: uploadsPageSize,
    });
    return renderUploadsPage(this.pages.context(request), {
      filter: query,
      uploads: page.items.map(toUploadSummary),
      ...(page.nextBefore !== null ? { nextBefore: page.nextBefore } : {}),
    });
  }

  @Get('uploads/:uploadId')
  @Header('content-type', 'text/html; charset=utf-8')
  async upload(@Req() request: Request, @Param('uploadId') uploadId: string): Promise<string> {
    const [recorded, entry] = await Promise.all([this.readUpload(uploadId), this.projections.getUpload(uploadId)]);
    const stream = recorded.map(storyEventOfRecorded);
    if (stream.length === 0) throw new NotFoundException(`there is no upload ${uploadId}`);
    const facts = uploadFacts(stream);
    const empty: AuditLogPage = { items: [], nextAfter: null };
    const [byCorrelation, bySource] = await Promise.all([
      this.projections.listAuditLog({ correlationId: uploadId, order: 'asc', limit: laterEventsLimit }),
      facts.received
        ? this.projections.listAuditLog({ source: facts.received.source, afterPosition: stream[0]!.position, order: 'asc', limit: laterEventsLimit })
        : Promise.resolve(empty),
    ]);
    const later = laterEventsOf(uploadId, facts, mergeStories(byCorrelation.items.map(storyEventOfAudit), bySource.items.map(storyEventOfAudit)));
    return renderUploadPage(this.pages.context(request), {
      uploadId,
      ...(entry ? { state: entry.state } : {}),
      story: mergeStories(stream, later),
      truncated: bySource.nextAfter !== null,
    });
  }

  /** The upload's stream; none for an id no upload could have. */
  private async readUpload(uploadId: string): Promise<RecordedEvent[]> {
    let streamId: string;
    try {
      streamId = uploadStream(uploadId);
    } catch {
      return [];
    }
    return this.store.readStream(streamId);
  }
}
