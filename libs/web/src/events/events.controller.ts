import { Controller, Get, Headers, Inject, Query, Sse, UseInterceptors, type MessageEvent } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { EventStore, type RecordedEvent } from '@mbd/events';
import { ProjectionsService, type AuditLogItem } from '@mbd/projections';
import { filter, map, type Observable } from 'rxjs';
import { ZodValidationPipe } from '../zod-validation.pipe.js';
import { toAuditEntry } from './audit-entry.js';
import { auditLogQuerySchema, type AuditLogQuery } from './audit-log.query.js';
import { SseLimitInterceptor } from '../http/sse-limit.interceptor.js';
import { ADMIN_TOKEN } from '../auth/authenticated.decorator.js';
import { bearerPrincipal } from '../auth/bearer-principal.js';
import { actsAsAdmin } from '../auth/roles.js';
import { AccountsService } from '../users/accounts.service.js';
import { shownTo } from './redact-event.js';

const matches = (query: AuditLogQuery) => (entry: AuditLogItem) =>
  (!query.stream || entry.streamId === query.stream) &&
  (!query.type || entry.type === query.type) &&
  (!query.actor || entry.actor === query.actor) &&
  (!query.correlationId || entry.correlationId === query.correlationId) &&
  (!query.since || entry.occurredAt >= new Date(query.since).toISOString()) &&
  (!query.until || entry.occurredAt <= new Date(query.until).toISOString());

@ApiTags('events')
@Controller('api/events')
export class EventsController {
  constructor(
    private readonly store: EventStore,
    private readonly projections: ProjectionsService,
    private readonly accounts: AccountsService,
    @Inject(ADMIN_TOKEN) private readonly adminToken: string,
  ) {}

  @Get()
  @ApiOperation({
    summary: "The audit log: every event, paged by position, filterable. People's e-mail addresses, notification targets and token hashes are hidden unless an admin's token is presented",
  })
  async list(@Query(new ZodValidationPipe(auditLogQuerySchema)) query: AuditLogQuery, @Headers('authorization') authorization?: string) {
    const admin = this.isAdmin(authorization);
    const page = await this.projections.listAuditLog({
      stream: query.stream,
      type: query.type,
      actor: query.actor,
      correlationId: query.correlationId,
      since: query.since ? new Date(query.since) : undefined,
      until: query.until ? new Date(query.until) : undefined,
      afterPosition: query.after,
      limit: query.limit,
    });
    return { ...page, items: page.items.map((item) => shownTo(admin, item)) };
  }

  @Sse('stream')
  @UseInterceptors(SseLimitInterceptor)
  @ApiOperation({ summary: 'Server-sent events: new events as they are appended; resumable with Last-Event-ID (private fields hidden as in the list)' })
  stream(
    @Query(new ZodValidationPipe(auditLogQuerySchema)) query: AuditLogQuery,
    @Headers('last-event-id') lastEventId?: string,
    @Headers('authorization') authorization?: string,
  ): Observable<MessageEvent> {
    const admin = this.isAdmin(authorization);
    const resumeAt = lastEventId !== undefined && /^\d+$/.test(lastEventId) ? Number(lastEventId) : undefined;
    return this.store.subscribeAll(resumeAt ?? query.after ?? 0).pipe(
      map((event: RecordedEvent) => shownTo(admin, toAuditEntry(event))),
      filter(matches(query)),
      map((entry) => ({ id: String(entry.position), type: 'message', data: entry })),
    );
  }

  private isAdmin(authorization: string | undefined): boolean {
    return actsAsAdmin(bearerPrincipal(authorization, this.adminToken, this.accounts));
  }
}
