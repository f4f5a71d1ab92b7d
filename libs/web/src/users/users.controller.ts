import { Body, Controller, Get, HttpCode, NotFoundException, Param, Post, Put, Req } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { emailSchema, userNameSchema, userRoleSchema } from '@mbd/events';
import type { Request } from 'express';
import { z } from 'zod';
import { Authenticated } from '../auth/authenticated.decorator.js';

import { ZodValidationPipe } from '../zod-validation.pipe.js';
import { AccountsService } from './accounts.service.js';
import { newTokenSecret } from './token-secret.js';
import { anonymousCommand, commandOf } from './user-commands.js';
import { ownAccount } from './own-account.js';

const createSchema = z.strictObject({ name: userNameSchema, role: userRoleSchema, email: emailSchema.optional() });
const registerSchema = z.strictObject({ name: userNameSchema, email: emailSchema });
const roleSchema = z.strictObject({ role: userRoleSchema });
const disableSchema = z.strictObject({ reason: z.string().max(500).optional() });

/**
 * Accounts: an admin creates users with a role, approves registrations, disables users and changes
 * roles; anyone may register (pending until approved, at most MBD_MAX_PENDING_REGISTRATIONS waiting).
 * No passwords: people authenticate with API tokens (`/api/tokens`).
 */
@ApiTags('users')
@Controller('api/users')
export class UsersController {
  constructor(private readonly accounts: AccountsService) {}

  @Get()
  @Authenticated('admin')
  @ApiOperation({ summary: 'Every account: name, role, e-mail, state (pending, active, disabled) and keys' })
  list() {
    return this.accounts.users();
  }

  @Post()
  @Authenticated('admin')
  @ApiOperation({ summary: 'Create an account with a role (admin, staff, maintainer, builder); it is active at once. Issue it a token with POST /api/tokens {user}' })
  async create(@Req() request: Request, @Body(new ZodValidationPipe(createSchema)) body: z.infer<typeof createSchema>) {
    const { caller, metadata } = commandOf(request);
    await this.accounts.execute({ type: 'CreateUser', data: body, caller, metadata });
    return this.accounts.user(body.name);
  }

  @Post('register')
  @ApiOperation({
    summary:
      'Register (anonymous): the account is a pending maintainer until an admin approves it. Answers its first API token once — it works only after the approval',
  })
  async register(@Body(new ZodValidationPipe(registerSchema)) body: z.infer<typeof registerSchema>) {
    const secret = newTokenSecret();
    await this.accounts.register({
      type: 'RegisterUser',
      data: { name: body.name, email: body.email, token: { id: secret.id, name: 'registration', sha256: secret.sha256 } },
      caller: undefined,
      metadata: anonymousCommand(body.name),
    });
    return { name: body.name, state: 'pending', tokenId: secret.id, token: secret.token, note: 'keep this token: it is shown only now, and works once an admin approved the account' };
  }

  @Get(':name')
  @Authenticated('maintainer', 'account')
  @ApiOperation({ summary: 'One account (your own, or any for an admin)' })
  show(@Req() request: Request, @Param('name') name: string) {
    ownAccount(request, name);
    const account = this.accounts.user(name);
    if (!account) throw new NotFoundException(`there is no user ${name}`);
    return account;
  }

  @Post(':name/approve')
  @HttpCode(200)
  @Authenticated('admin')
  @ApiOperation({ summary: 'Approve a registered account, or enable a disabled one' })
  async approve(@Req() request: Request, @Param('name') name: string) {
    const { caller, metadata } = commandOf(request);
    await this.accounts.execute({ type: 'ApproveUser', data: { name }, caller, metadata });
    return this.accounts.user(name);
  }

  @Post(':name/disable')
  @HttpCode(200)
  @Authenticated('admin')
  @ApiOperation({ summary: 'Disable an account: its tokens and page sessions stop working at once' })
  async disable(@Req() request: Request, @Param('name') name: string, @Body(new ZodValidationPipe(disableSchema)) body: z.infer<typeof disableSchema>) {
    const { caller, metadata } = commandOf(request);
    await this.accounts.execute({ type: 'DisableUser', data: { name, ...(body.reason === undefined ? {} : { reason: body.reason }) }, caller, metadata });
    return this.accounts.user(name);
  }

  @Put(':name/role')
  @Authenticated('admin')
  @ApiOperation({ summary: "Change an account's role" })
  async role(@Req() request: Request, @Param('name') name: string, @Body(new ZodValidationPipe(roleSchema)) body: z.infer<typeof roleSchema>) {
    const { caller, metadata } = commandOf(request);
    await this.accounts.execute({ type: 'ChangeUserRole', data: { name, role: body.role }, caller, metadata });
    return this.accounts.user(name);
  }
}
