import { BadRequestException, Body, Controller, Delete, ForbiddenException, Get, NotFoundException, Param, Post, Query, Req } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { repositoryIdSchema, userNameSchema, userRoleSchema } from '@mbd/events';
import type { Request } from 'express';
import { z } from 'zod';
import { Authenticated } from '../auth/authenticated.decorator.js';

import type { Principal } from '../auth/principal.js';
import { actsAsAdmin } from '../auth/roles.js';
import { ZodValidationPipe } from '../zod-validation.pipe.js';
import { AccountsService } from './accounts.service.js';
import { newTokenSecret } from './token-secret.js';
import type { NewToken } from './users.commands.js';
import { narrowedToken, revocationRefusal, type CallerLimits } from './token-breadth.js';
import { commandOf } from './user-commands.js';

const issueSchema = z.strictObject({
  /** What the token is for (`laptop`, `ci`). */
  name: z.string().min(1).max(100),
  /** Whose token (default: yours; an admin issues tokens to anyone, builders included). */
  user: userNameSchema.optional(),
  role: userRoleSchema.optional(),
  repositories: z.array(repositoryIdSchema).min(1).max(100).optional(),
  readOnly: z.boolean().optional(),
  expires: z.iso.datetime({ offset: true }).optional(),
});
type IssueBody = z.infer<typeof issueSchema>;
const listSchema = z.strictObject({ user: userNameSchema.optional() });

/** Personal API tokens: issued (shown once, stored as a SHA-256), listed (without secrets) and revoked. */
@ApiTags('tokens')
@Controller('api/tokens')
export class TokensController {
  constructor(private readonly accounts: AccountsService) {}

  @Post()
  @Authenticated('maintainer', 'account')
  @ApiOperation({
    summary: 'Issue an API token (your own; an admin: anyone’s, with `user`). The token is in this answer only; optionally with a lesser role, limited to repositories, read-only, expiring',
  })
  async issue(@Req() request: Request, @Body(new ZodValidationPipe(issueSchema)) body: IssueBody) {
    const { principal, caller, metadata } = commandOf(request);
    const user = body.user ?? principal.name;
    if (principal.via === 'admin-token' && body.user === undefined) throw new BadRequestException('the admin token has no account of its own: name the `user` to issue a token to');
    const secret = newTokenSecret();
    const token: NewToken = {
      id: secret.id,
      name: body.name,
      sha256: secret.sha256,
      ...narrowedToken(this.limitsOf(principal), body),
      ...(body.readOnly ? { readOnly: true } : {}),
    };
    await this.accounts.execute({ type: 'IssueToken', data: { user, token }, caller, metadata });
    return { ...this.accounts.tokens(user).find((info) => info.id === secret.id), token: secret.token };
  }

  @Get()
  @Authenticated('maintainer', 'account')
  @ApiOperation({ summary: 'Your tokens in use (id, name, limits; never a secret). An admin: anyone’s with ?user=, else everyone’s' })
  list(@Req() request: Request, @Query(new ZodValidationPipe(listSchema)) query: z.infer<typeof listSchema>) {
    const { principal } = commandOf(request);
    if (!actsAsAdmin(principal)) {
      if (query.user !== undefined && query.user !== principal.name) throw new ForbiddenException(`only ${query.user} or an admin may list ${query.user}'s tokens`);
      return this.accounts.tokens(principal.name);
    }
    if (query.user !== undefined) return this.accounts.tokens(query.user);
    return this.accounts.users().flatMap((user) => this.accounts.tokens(user.name));
  }

  @Delete(':id')
  @Authenticated('maintainer', 'account')
  @ApiOperation({ summary: 'Revoke a token (your own; an admin: anyone’s) no broader than the one asking: it is refused from the next request on' })
  async revoke(@Req() request: Request, @Param('id') id: string) {
    const { principal, caller, metadata } = commandOf(request);
    const token = this.accounts.findToken(id);
    if (!token) throw new NotFoundException(`there is no token ${id} in use`);
    // Another user's token: the decider refuses (and records) a non-admin; otherwise only a credential as broad may revoke it.
    const refusal = token.user === principal.name || actsAsAdmin(principal) ? revocationRefusal(this.limitsOf(principal), token, this.accounts.user(token.user)?.role ?? 'maintainer') : undefined;
    if (refusal) throw new ForbiddenException(refusal);
    await this.accounts.execute({ type: 'RevokeToken', data: { user: token.user, id }, caller, metadata });
    return { id, user: token.user, revoked: true };
  }

  /** The limits of the caller's credential: its principal, its account's role and its token's expiry. */
  private limitsOf(principal: Principal): CallerLimits {
    const accountRole = this.accounts.user(principal.name)?.role;
    const expires = principal.tokenId === undefined ? undefined : this.accounts.findToken(principal.tokenId)?.expires;
    return { principal, ...(accountRole === undefined ? {} : { accountRole }), ...(expires === undefined ? {} : { expires }) };
  }
}
