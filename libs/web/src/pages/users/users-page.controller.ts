import { Controller, ForbiddenException, Get, Header, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { repositoryIdSchema, userRoleSchema } from '@mbd/events';
import { ConfigurationService, daemonCommandMetadata } from '@mbd/workflows';
import type { Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { AccountsService } from '../../users/accounts.service.js';
import { newTokenSecret } from '../../users/token-secret.js';
import { UserKeysService } from '../../users/user-keys.service.js';
import { checkedValues, optional, parseForm } from '../packages/form-fields.js';
import type { Viewer } from '../session/page-session.js';
import { PageSessionsService } from '../session/page-sessions.service.js';
import { renderAccountPage } from './account.page.js';
import { renderUsersPage } from './users.page.js';

const csrfOnly = z.object({ _csrf: z.string() }).strict();
const roleForm = z.object({ _csrf: z.string(), role: userRoleSchema }).strict();
const keyApproveForm = z.object({ _csrf: z.string(), repositories: checkedValues(z.array(repositoryIdSchema).max(100)) }).strict();
const tokenForm = z.object({ _csrf: z.string(), name: z.string().min(1).max(100), readOnly: optional(z.literal('on')) }).strict();
const keyForm = z.object({ _csrf: z.string(), key: z.string().min(100).max(100_000) }).strict();

/** A command of the signed-in viewer: the caller the users decider checks, the actor the log records. */
const commandOf = (viewer: Viewer) => ({
  caller: { name: viewer.name, role: viewer.role },
  metadata: daemonCommandMetadata(randomUUID(), undefined, { kind: 'user', name: viewer.name }),
});

/**
 * `GET /users` (admins: approve, disable, change roles, approve keys) and `GET /account` (everyone
 * signed in: their tokens and key). The forms do what /api/users, /api/tokens and /api/users/<name>/keys
 * do, as the signed-in viewer.
 */
@ApiExcludeController()
@Controller()
export class UsersPageController {
  constructor(
    private readonly pages: PageSessionsService,
    private readonly accounts: AccountsService,
    private readonly keys: UserKeysService,
    private readonly configuration: ConfigurationService,
  ) {}

  @Get('users')
  @Header('content-type', 'text/html; charset=utf-8')
  users(@Req() request: Request): string {
    const context = this.pages.context(request);
    if (context.viewer?.role !== 'admin') throw new ForbiddenException('the users page is for admins: sign in as one');
    return renderUsersPage(context, { users: this.accounts.users(), repositories: [...this.configuration.current().repositories.keys()].sort() });
  }

  @Post('users/:name/approve')
  async approve(@Req() request: Request, @Res() response: Response, @Param('name') name: string): Promise<void> {
    const viewer = this.pages.requireForm(request, 'admin');
    parseForm(csrfOnly, request.body);
    await this.accounts.execute({ type: 'ApproveUser', data: { name }, ...commandOf(viewer) });
    response.redirect(303, '/users');
  }

  @Post('users/:name/disable')
  async disable(@Req() request: Request, @Res() response: Response, @Param('name') name: string): Promise<void> {
    const viewer = this.pages.requireForm(request, 'admin');
    parseForm(csrfOnly, request.body);
    await this.accounts.execute({ type: 'DisableUser', data: { name }, ...commandOf(viewer) });
    response.redirect(303, '/users');
  }

  @Post('users/:name/role')
  async role(@Req() request: Request, @Res() response: Response, @Param('name') name: string): Promise<void> {
    const viewer = this.pages.requireForm(request, 'admin');
    const form = parseForm(roleForm, request.body);
    await this.accounts.execute({ type: 'ChangeUserRole', data: { name, role: form.role }, ...commandOf(viewer) });
    response.redirect(303, '/users');
  }

  @Post('users/:name/keys/:fingerprint/approve')
  async approveKey(@Req() request: Request, @Res() response: Response, @Param('name') name: string, @Param('fingerprint') fingerprint: string): Promise<void> {
    const viewer = this.pages.requireForm(request, 'admin');
    const form = parseForm(keyApproveForm, request.body);
    const { caller, metadata } = commandOf(viewer);
    await this.keys.approve(name, fingerprint.toUpperCase(), form.repositories, caller, metadata);
    response.redirect(303, '/users');
  }

  @Post('users/:name/keys/:fingerprint/reject')
  async rejectKey(@Req() request: Request, @Res() response: Response, @Param('name') name: string, @Param('fingerprint') fingerprint: string): Promise<void> {
    const viewer = this.pages.requireForm(request, 'admin');
    parseForm(csrfOnly, request.body);
    const { caller, metadata } = commandOf(viewer);
    await this.keys.reject(name, fingerprint.toUpperCase(), undefined, caller, metadata);
    response.redirect(303, '/users');
  }

  @Get('account')
  @Header('content-type', 'text/html; charset=utf-8')
  account(@Req() request: Request): string {
    const context = this.pages.context(request);
    if (!context.viewer) throw new ForbiddenException('sign in first: this page shows your account');
    return this.renderAccount(request);
  }

  /** Issues a token and shows it on the account page, this once (no redirect: it is never shown again). */
  @Post('account/tokens')
  @HttpCode(200)
  @Header('content-type', 'text/html; charset=utf-8')
  @Header('cache-control', 'no-store')
  async issueToken(@Req() request: Request): Promise<string> {
    const viewer = this.pages.requireForm(request, 'maintainer', 'account');
    const form = parseForm(tokenForm, request.body);
    const secret = newTokenSecret();
    const limits = viewer.principal;
    /** A session of a token with a lesser role than its user's issues tokens of that role at most. */
    const lesser = this.accounts.user(viewer.name)?.role !== viewer.role;
    await this.accounts.execute({
      type: 'IssueToken',
      data: {
        user: viewer.name,
        token: {
          id: secret.id,
          name: form.name,
          sha256: secret.sha256,
          ...(lesser ? { role: viewer.role } : {}),
          ...(limits.repositories === undefined ? {} : { repositories: limits.repositories }),
          ...(form.readOnly ? { readOnly: true } : {}),
        },
      },
      ...commandOf(viewer),
    });
    return this.renderAccount(request, { id: secret.id, token: secret.token });
  }

  @Post('account/tokens/:id/revoke')
  async revokeToken(@Req() request: Request, @Res() response: Response, @Param('id') id: string): Promise<void> {
    const viewer = this.pages.requireForm(request, 'maintainer', 'account');
    parseForm(csrfOnly, request.body);
    await this.accounts.execute({ type: 'RevokeToken', data: { user: viewer.name, id }, ...commandOf(viewer) });
    response.redirect(303, this.pages.viewer(request) ? '/account' : '/');
  }

  @Post('account/key')
  async submitKey(@Req() request: Request, @Res() response: Response): Promise<void> {
    const viewer = this.pages.requireForm(request, 'maintainer', 'account');
    const form = parseForm(keyForm, request.body);
    const { caller, metadata } = commandOf(viewer);
    await this.keys.submit(viewer.name, form.key, caller, metadata);
    response.redirect(303, '/account');
  }

  private renderAccount(request: Request, issued?: { id: string; token: string }): string {
    const context = this.pages.context(request);
    const name = context.viewer!.name;
    const account = context.viewer!.principal.via === 'session' && context.viewer!.tokenId !== undefined ? this.accounts.user(name) : undefined;
    return renderAccountPage(context, { ...(account ? { account } : {}), tokens: account ? this.accounts.tokens(name) : [], ...(issued ? { issued } : {}) });
  }
}
