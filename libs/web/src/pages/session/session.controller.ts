import { Controller, Get, Header, HttpCode, Inject, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { isAdminToken } from '../../auth/admin-token-check.js';
import { ADMIN_TOKEN } from '../../auth/authenticated.decorator.js';
import { PageSessionsService } from './page-sessions.service.js';
import { renderSignInPage, safeNext } from './sign-in.page.js';

const isHttps = (request: Request) => request.secure || request.headers['x-forwarded-proto'] === 'https';

/** Sign in to the pages with the admin token (a signed, HttpOnly, SameSite=Strict session cookie), and out. */
@ApiExcludeController()
@Controller()
export class SessionController {
  constructor(
    private readonly pages: PageSessionsService,
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
    if (typeof body['token'] !== 'string' || !isAdminToken(body['token'], this.adminToken)) {
      response
        .status(401)
        .type('html')
        .send(renderSignInPage(this.pages.context(request), { next, error: 'That is not the admin token.' }));
      return;
    }
    response.setHeader('Set-Cookie', this.pages.sessions.signIn('admin', isHttps(request)));
    response.redirect(303, next);
  }

  @Post('sign-out')
  signOut(@Req() request: Request, @Res() response: Response): void {
    this.pages.requireForm(request);
    response.setHeader('Set-Cookie', this.pages.sessions.signOut(isHttps(request)));
    response.redirect(303, '/');
  }
}
