import { ForbiddenException, Inject, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { ADMIN_TOKEN } from '../../auth/authenticated.decorator.js';
import { ADMIN_PRINCIPAL, type Role } from '../../auth/principal.js';
import { repositoriesOfForm } from '../../auth/request-access.js';
import { RepositoryLookup } from '../../auth/repository-reach.js';
import { accessRefusal } from '../../auth/token-check.js';
import { AccountsService } from '../../users/accounts.service.js';
import type { PageContext } from '../page-context.js';
import { PageSessions, type SignedSession, type Viewer } from './page-session.js';

/**
 * The page sessions of this daemon (keyed by its admin token), for page controllers and the delivery.
 * A user's session lasts only while the token they signed in with works and their account is active:
 * revoking it or disabling the user ends the session at the next request.
 */
@Injectable()
export class PageSessionsService {
  readonly sessions: PageSessions;

  constructor(
    @Inject(ADMIN_TOKEN) adminToken: string,
    private readonly accounts: AccountsService,
    private readonly lookup: RepositoryLookup,
  ) {
    this.sessions = new PageSessions(adminToken);
  }

  viewer(request: Request): Viewer | undefined {
    const session = this.sessions.viewer(request.headers.cookie);
    return session ? this.resolve(session) : undefined;
  }

  /** Who reads the page, with the CSRF token of its forms. */
  context(request: Request): PageContext {
    const viewer = this.viewer(request);
    return viewer ? { viewer, csrf: this.sessions.csrfToken(viewer), path: request.path } : { path: request.path };
  }

  /**
   * The signed-in viewer of a form POST whose CSRF token is right and who may do what needs `role`
   * (default admin; read-only tokens do nothing, repository-limited ones only in the repositories the form
   * names, and nothing where it names none, unless it is about the viewer's own `account`); a 403 with the
   * reason otherwise.
   */
  requireForm(request: Request, role: Role = 'admin', reach?: 'account'): Viewer {
    const viewer = this.viewer(request);
    if (!viewer) throw new ForbiddenException('sign in first: this action needs a signed-in session');
    const body = request.body as Record<string, unknown> | undefined;
    if (!this.sessions.validCsrf(viewer, body?.['_csrf'])) {
      throw new ForbiddenException('the form is stale or did not come from this site (CSRF token missing or wrong): reload the page and try again');
    }
    const limited = viewer.principal.repositories !== undefined;
    const reaches = !limited ? undefined : reach ?? repositoriesOfForm(request, this.lookup);
    const refusal = accessRefusal(viewer.principal, { role, write: true, ...(reaches === undefined ? {} : { reaches }) });
    if (refusal) throw new ForbiddenException(refusal);
    return viewer;
  }

  private resolve(session: SignedSession): Viewer | undefined {
    if (session.tokenId === undefined) {
      return session.name === ADMIN_PRINCIPAL.name ? { ...session, role: 'admin', principal: { ...ADMIN_PRINCIPAL, via: 'session' } } : undefined;
    }
    const principal = this.accounts.sessionPrincipal(session.name, session.tokenId);
    return principal ? { ...session, role: principal.role, principal } : undefined;
  }
}
