import { Controller, Get, Header, NotFoundException, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { EventStore, uploadStream, type RecordedEvent } from '@mbd/events';
import { ProjectionsService, type AuditLogPage } from '@mbd/projections';
import { UploadRetryError, UploadRetryService, daemonCommandMetadata } from '@mbd/workflows';
import type { Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { ZodValidationPipe } from '../../zod-validation.pipe.js';
import { PageSessionsService } from '../session/page-sessions.service.js';
import { mergeStories, storyEventOfAudit, storyEventOfRecorded, uploadHref } from './event-words.js';
import { uploadIdSchema } from '../../uploads/upload-retry.controller.js';
import { portEventType, portOriginOf } from './upload-lineage.js';
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

const retryForm = z.strictObject({ _csrf: z.string(), reason: optional(z.string().min(1).max(500)) });

export const uploadsPageSize = 50;
/** How many ports of the upload's source before it the page looks through for the one it carries on. */
const portOriginReads = 20;
/** How many later events of the upload's source the page reads (the rest is in the audit log). */
const laterEventsLimit = 1000;

/**
 * `GET /uploads` and `GET /uploads/<uploadId>`: the uploads, and each one's whole story; and
 * `POST /uploads/<uploadId>/retry` (mini-buildd's `retry` of a whole upload) for a signed-in viewer with
 * the form's CSRF token, done as that viewer by the REST call's UploadRetryService and answered with a
 * 303 to the upload's page, whose story then shows the retry (and its link) or the refusal's reasons.
 */
@ApiExcludeController()
@Controller()
export class UploadsPageController {
  constructor(
    private readonly pages: PageSessionsService,
    private readonly projections: ProjectionsService,
    private readonly store: EventStore,
    private readonly retries: UploadRetryService,
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
    const [byCorrelation, bySource, ports] = await Promise.all([
      this.projections.listAuditLog({ correlationId: uploadId, order: 'asc', limit: laterEventsLimit }),
      facts.received
        ? this.projections.listAuditLog({ source: facts.received.source, afterPosition: stream[0]!.position, order: 'asc', limit: laterEventsLimit })
        : Promise.resolve(empty),
      facts.received
        ? this.projections.listAuditLog({ source: facts.received.source, type: portEventType, beforePosition: stream[0]!.position, order: 'desc', limit: portOriginReads })
        : Promise.resolve(empty),
    ]);
    const portOrigin = portOriginOf(facts, ports.items.map(storyEventOfAudit));
    const later = laterEventsOf(uploadId, facts, mergeStories(byCorrelation.items.map(storyEventOfAudit), bySource.items.map(storyEventOfAudit)));
    return renderUploadPage(this.pages.context(request), {
      uploadId,
      ...(entry ? { state: entry.state } : {}),
      story: mergeStories(stream, later),
      truncated: bySource.nextAfter !== null,
      ...(portOrigin ? { portOrigin } : {}),
    });
  }

  @Post('uploads/:uploadId/retry')
  async retry(@Req() request: Request, @Res() response: Response, @Param('uploadId') uploadId: string): Promise<void> {
    const viewer = this.pages.requireForm(request, 'staff');
    const form = new ZodValidationPipe(retryForm).transform(request.body ?? {});
    const id = new ZodValidationPipe(uploadIdSchema).transform(uploadId);
    const metadata = daemonCommandMetadata(randomUUID(), undefined, { kind: 'user', name: viewer.name });
    try {
      await this.retries.retry(id, form.reason, metadata);
    } catch (error) {
      if (!(error instanceof UploadRetryError)) throw error;
      if (error.code === 'upload-unknown') throw new NotFoundException(error.message);
      // refused: recorded as UploadRetryRefused in the upload's stream, which its page shows with the reasons
    }
    response.redirect(303, `${uploadHref(id)}#story`);
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
