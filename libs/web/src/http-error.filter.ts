import { ArgumentsHost, Catch, HttpException, Logger, type ExceptionFilter } from '@nestjs/common';
import { ArchiveError } from '@mbd/archive';
import { DebianParseError } from '@mbd/debian';
import { WrongExpectedVersionError } from '@mbd/events';
import { IncomingRefusedError } from '@mbd/incoming';
import { ArchiveRequestError } from '@mbd/workflows';
import type { Request, Response } from 'express';
import { renderErrorPage } from './pages/error.page.js';
import { PageSessionsService } from './pages/session/page-sessions.service.js';

/**
 * Maps domain errors to HTTP answers a person understands; anything unknown is a 500 with its message
 * logged. A browser asking for a page (not /api, not a repository file) gets the answer as a page.
 */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('http');

  constructor(private readonly pages: PageSessionsService) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    if (response.headersSent) return;
    const [status, message] = this.map(error);
    if (status >= 500 && error instanceof HttpException) this.logger.warn(`${status}: ${message}`);
    else if (status >= 500) this.logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    const request = host.switchToHttp().getRequest<Request>();
    if (wantsPage(request)) {
      response.status(status).type('html').send(renderErrorPage(this.pages.context(request), status, message));
      return;
    }
    response.status(status).json({ statusCode: status, message });
  }

  private map(error: unknown): [number, string] {
    if (error instanceof HttpException) {
      const body = error.getResponse();
      const message = typeof body === 'object' && body && 'message' in body ? (body as { message: unknown }).message : error.message;
      return [error.getStatus(), Array.isArray(message) ? message.join('; ') : String(message)];
    }
    if (error instanceof ArchiveRequestError) return [error.code === 'distribution-unknown' ? 404 : 400, error.message];
    if (error instanceof ArchiveError)
      return [error.code === 'configuration-exists' ? 409 : error.code === 'configuration-absent' || error.code === 'not-parked' ? 404 : 400, error.message];
    if (error instanceof DebianParseError) return [400, error.message];
    if (error instanceof IncomingRefusedError) return [error.httpStatus, error.message];
    if (error instanceof WrongExpectedVersionError) return [409, `${error.message}: someone else changed it meanwhile, try again`];
    return [500, error instanceof Error ? error.message : String(error)];
  }
}

const wantsPage = (request: Request): boolean =>
  !request.path.startsWith('/api/') && !request.path.startsWith('/upload/') && request.accepts(['json', 'html']) === 'html';
