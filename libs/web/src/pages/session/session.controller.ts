import { Controller, ForbiddenException, Get, Header, HttpCode, Inject, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { isAdminToken } from '../../auth/admin-token-check.js';
import { ADMIN_TOKEN } from '../../auth/authenticated.decorator.js';
import { ADMIN_PRINCIPAL } from '../../auth/principal.js';
import { AccountsService } from '../../users/accounts.service.js';
import { PageSessionsService } from './page-sessions.service.js';
import { renderSignInPage, safeNext } from './sign-in.page.js';

const isHttps = (request: Request) => request.secure || request.headers['x-forwarded-proto'] === 'https';

/**
 * Sign in to the pages with a user name and one of the user's API tokens, or with the admin token
 * (no name, or `admin`): a signed, HttpOnly, SameSite=Strict session cookie. No passwords: a token is
 * high-entropy, where a password's hash in the log could be brute-forced.
 */
@ApiExcludeController()
@Controller()
export class SessionController {
  constructor(
    private readonly pages: PageSessionsService,
    private readonly accounts: AccountsService,
    @Inject(ADMIN_TOKEN) private readonly adminToken: string,
  ) {}

  @Get('sign-in')
  @Header('content-type', 'text/html; charset=utf-8')
  form(@Req() request: Request, @Query('next') next?: string): string {
    return renderSignInPage(this.pages.context(request), { next: safeNext(next) });
  }

  @Post('sign-in')
  @HttpCode(200)
  signIn(@Req() request: Request, @Res() response: Response): void {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const next = safeNext(body['next']);
    const name = typeof body['name'] === 'string' ? body['name'].trim() : '';
    const token = typeof body['token'] === 'string' ? body['token'].trim() : '';
    const refuse = (error: string) => response.status(401).type('html').send(renderSignInPage(this.pages.context(request), { next, error, name }));
    if (name === '' || name === ADMIN_PRINCIPAL.name) {
      if (!isAdminToken(token, this.adminToken)) return void refuse(name === '' ? 'That is not the admin token. (With a token of your own, give your user name too.)' : 'That is not the admin token.');
      response.setHeader('Set-Cookie', this.pages.sessions.signIn(ADMIN_PRINCIPAL.name, isHttps(request)));
      return response.redirect(303, next);
    }
    const verdict = token === '' ? undefined : this.accounts.authenticate(token);
    if (!verdict || !('principal' in verdict) || verdict.principal.name !== name) {
      return void refuse(verdict && !('principal' in verdict) && verdict.status === 403 ? `${verdict.reason}.` : 'That user name and token do not match a token in use.');
    }
    response.setHeader('Set-Cookie', this.pages.sessions.signIn(name, isHttps(request), verdict.principal.tokenId));
    response.redirect(303, next);
  }

  @Post('sign-out')
  signOut(@Req() request: Request, @Res() response: Response): void {
    const viewer = this.pages.viewer(request);
    const body = request.body as Record<string, unknown> | undefined;
    if (viewer && !this.pages.sessions.validCsrf(viewer, body?.['_csrf'])) throw new ForbiddenException('the form is stale or did not come from this site (CSRF token missing or wrong): reload the page and try again');
    response.setHeader('Set-Cookie', this.pages.sessions.signOut(isHttps(request)));
    response.redirect(303, '/');
  }
}
