import {
  Controller,
  Get,
  Header,
  Headers,
  NotFoundException,
  Param,
  Post,
  Query,
  Req,
  Res,
  Sse,
  UseInterceptors,
  type MessageEvent,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { EventStore } from '@mbd/events';
import { ProjectionsService } from '@mbd/projections';
import { ConfigurationService } from '@mbd/workflows';
import type { Request, Response } from 'express';
import type { Observable } from 'rxjs';
import { z } from 'zod';
import { SseLimitInterceptor } from '../../http/sse-limit.interceptor.js';
import { ZodValidationPipe } from '../../zod-validation.pipe.js';
import { PageSessionsService } from '../session/page-sessions.service.js';
import { renderAuditEventPage } from './audit-event.page.js';
import { renderAuditPage } from './audit.page.js';
import { auditQuerySchema, filtersOf, type AuditQuery } from './audit-query.js';
import { liveAuditRows, readAuditEvent, readAuditListing } from './audit-reads.js';
import { ChainVerifier } from './chain-verifier.service.js';
import { actsAsAdmin } from '../../auth/roles.js';

const positionSchema = z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER);

/** `/audit`: the audit log (paged, filtered, live), one event's page, and the hash chain's badge. */
@ApiExcludeController()
@Controller('audit')
export class AuditPageController {
  constructor(
    private readonly pages: PageSessionsService,
    private readonly projections: ProjectionsService,
    private readonly store: EventStore,
    private readonly configuration: ConfigurationService,
    private readonly chain: ChainVerifier,
  ) {}

  @Get()
  @Header('content-type', 'text/html; charset=utf-8')
  async list(@Req() request: Request, @Query(new ZodValidationPipe(auditQuerySchema)) query: AuditQuery): Promise<string> {
    const filters = filtersOf(query);
    const [listing, chain] = await Promise.all([readAuditListing(this.projections, query, filters), this.chain.status()]);
    return renderAuditPage(this.pages.context(request), { filters, ...listing, chain });
  }

  @Sse('stream')
  @UseInterceptors(SseLimitInterceptor)
  stream(@Req() request: Request, @Query(new ZodValidationPipe(auditQuerySchema)) query: AuditQuery, @Headers('last-event-id') lastEventId?: string): Observable<MessageEvent> {
    const resumeAt = lastEventId !== undefined && /^\d{1,15}$/.test(lastEventId) ? Number(lastEventId) : undefined;
    return liveAuditRows(this.store, this.projections, filtersOf(query), resumeAt ?? query.after, actsAsAdmin(this.pages.viewer(request)));
  }

  /** Starts the hash chain's verification over from position 1 (signed-in viewers). */
  @Post('verify')
  verify(@Req() request: Request, @Res() response: Response): void {
    this.pages.requireForm(request);
    this.chain.restart();
    response.redirect(303, '/audit');
  }

  @Get(':position')
  @Header('content-type', 'text/html; charset=utf-8')
  async event(@Req() request: Request, @Param('position') raw: string): Promise<string> {
    const position = positionSchema.safeParse(raw);
    if (!position.success || !/^\d+$/.test(raw)) throw new NotFoundException(`no event at position ${raw}: a position is a whole number from 1`);
    const data = await readAuditEvent(this.store, this.projections, position.data, [...this.configuration.current().repositories.keys()]);
    if (!data) throw new NotFoundException(`no event at position ${position.data}: the log has ${await this.store.headPosition()} event(s)`);
    return renderAuditEventPage(this.pages.context(request), data);
  }
}
