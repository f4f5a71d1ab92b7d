import { ForbiddenException, Inject, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { ADMIN_TOKEN } from '../../auth/authenticated.decorator.js';
import type { PageContext } from '../page-context.js';
import { PageSessions, type Viewer } from './page-session.js';

/** The page sessions of this daemon (keyed by its admin token), for page controllers and the delivery. */
@Injectable()
export class PageSessionsService {
  readonly sessions: PageSessions;

  constructor(@Inject(ADMIN_TOKEN) adminToken: string) {
    this.sessions = new PageSessions(adminToken);
  }

  viewer(request: Request): Viewer | undefined {
    return this.sessions.viewer(request.headers.cookie);
  }

  /** Who reads the page, with the CSRF token of its forms. */
  context(request: Request): PageContext {
    const viewer = this.viewer(request);
    return viewer ? { viewer, csrf: this.sessions.csrfToken(viewer), path: request.path } : { path: request.path };
  }

  /** The signed-in viewer of a form POST whose CSRF token is right; a 403 with the reason otherwise. */
  requireForm(request: Request): Viewer {
    const viewer = this.viewer(request);
    if (!viewer) throw new ForbiddenException('sign in first: this action needs a signed-in session');
    const body = request.body as Record<string, unknown> | undefined;
    if (!this.sessions.validCsrf(viewer, body?.['_csrf'])) {
      throw new ForbiddenException('the form is stale or did not come from this site (CSRF token missing or wrong): reload the page and try again');
    }
    return viewer;
  }
}
