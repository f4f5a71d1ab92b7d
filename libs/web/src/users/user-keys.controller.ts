import { Body, Controller, Get, HttpCode, Param, Post, Req } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { repositoryIdSchema } from '@mbd/events';
import type { Request } from 'express';
import { z } from 'zod';
import { Authenticated } from '../auth/authenticated.decorator.js';
import { repositoriesIn } from '../auth/repository-reach.js';
import { ZodValidationPipe } from '../zod-validation.pipe.js';
import { AccountsService } from './accounts.service.js';
import { ownAccount } from './own-account.js';
import { commandOf } from './user-commands.js';
import { UserKeysService } from './user-keys.service.js';

const submitSchema = z.strictObject({ key: z.string().min(100).max(100_000) });
/** No repositories: the key is approved but uploads nowhere (a builder's key, which signs build results). */
const approveSchema = z.strictObject({ repositories: z.array(repositoryIdSchema).max(100).default([]) });
const rejectSchema = z.strictObject({ reason: z.string().max(500).optional() });
const fingerprintOf = (value: string) => value.toUpperCase();

/** mini-buildd's set_user_key, and the admin's approval that makes the key an uploader key. */
@ApiTags('users')
@Controller('api/users/:name/keys')
export class UserKeysController {
  constructor(
    private readonly accounts: AccountsService,
    private readonly keys: UserKeysService,
  ) {}

  @Get()
  @Authenticated('maintainer', 'account')
  @ApiOperation({ summary: "A user's keys (your own, or anyone's for an admin): fingerprint, state, repositories" })
  list(@Req() request: Request, @Param('name') name: string) {
    ownAccount(request, name);
    return (this.accounts.user(name)?.keys ?? []).map(({ fingerprint, state, repositories }) => ({ fingerprint, state, repositories }));
  }

  @Post()
  @Authenticated('maintainer', 'account')
  @ApiOperation({ summary: 'set_user_key: submit your OpenPGP public key (ASCII-armored); an admin approves it for repositories' })
  submit(@Req() request: Request, @Param('name') name: string, @Body(new ZodValidationPipe(submitSchema)) body: z.infer<typeof submitSchema>) {
    const { caller, metadata } = commandOf(request);
    return this.keys.submit(name, body.key, caller, metadata);
  }

  @Post(':fingerprint/approve')
  @HttpCode(200)
  @Authenticated('admin', repositoriesIn('repositories'))
  @ApiOperation({ summary: "Approve a user's key for repositories: it becomes an uploader key of each (none: approved, uploading nowhere — a builder's key)" })
  approve(@Req() request: Request, @Param('name') name: string, @Param('fingerprint') fingerprint: string, @Body(new ZodValidationPipe(approveSchema)) body: z.infer<typeof approveSchema>) {
    const { caller, metadata } = commandOf(request);
    return this.keys.approve(name, fingerprintOf(fingerprint), body.repositories, caller, metadata);
  }

  @Post(':fingerprint/reject')
  @HttpCode(200)
  @Authenticated('admin')
  @ApiOperation({ summary: "Reject a user's key (an approved one loses its upload rights)" })
  reject(@Req() request: Request, @Param('name') name: string, @Param('fingerprint') fingerprint: string, @Body(new ZodValidationPipe(rejectSchema)) body: z.infer<typeof rejectSchema>) {
    const { caller, metadata } = commandOf(request);
    return this.keys.reject(name, fingerprintOf(fingerprint), body.reason, caller, metadata);
  }
}
