import { Body, Controller, Get, HttpCode, Param, Post, Req, Res, type OnModuleInit } from '@nestjs/common';
import { ApiNoContentResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { architectureSchema, builderNamePattern, codenameSchema, fingerprintSchema } from '@mbd/events';
import { RemoteBuilds } from '@mbd/workflows';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { Authenticated } from '../auth/authenticated.decorator.js';
import { StatusRegistry } from '../status/status.service.js';
import { AccountsService } from '../users/accounts.service.js';
import { ZodValidationPipe } from '../zod-validation.pipe.js';
import { accountKeysOf, answering, builderActor } from './builder-caller.js';

const nameSchema = z.string().regex(builderNamePattern, 'a builder name is lowercase letters, digits, ., _ and - (at most 63), as its account name');
const registerSchema = z.object({
  architectures: z.array(architectureSchema).min(1).max(50),
  codenames: z.array(codenameSchema).min(1).max(50),
  slots: z.number().int().min(1).max(256),
  load: z.number().nonnegative().max(100_000).default(0),
  publicKey: z.string().min(1).max(20_000),
});
const heartbeatSchema = z.object({ load: z.number().nonnegative().max(100_000).default(0), running: z.array(z.string().max(200)).max(256).default([]) });
const approveSchema = z.object({ fingerprint: fingerprintSchema });

/**
 * The remote builders (`mbd builder`): list them; a builder registers, heartbeats and claims builds
 * with its builder token; an admin approves the key a builder registered.
 */
@ApiTags('builders')
@Controller('api/builders')
export class BuildersController implements OnModuleInit {
  constructor(
    private readonly builds: RemoteBuilds,
    private readonly accounts: AccountsService,
    private readonly status: StatusRegistry,
  ) {}

  /** /api/status lists the remote builders (and mini-buildd's `remotes`, those online). */
  onModuleInit(): void {
    this.status.register({ name: 'builders', status: () => this.list() });
  }

  @Get()
  @ApiOperation({ summary: 'The remote builders heard of since the daemon started: state (online/offline), architectures, codenames, slots, running builds, load, last seen, key approval' })
  list() {
    return this.builds.list((name) => accountKeysOf(this.accounts, name));
  }

  @Post(':name/register')
  @HttpCode(200)
  @Authenticated('builder')
  @ApiOperation({ summary: 'A builder registers (or re-registers) what it offers and its OpenPGP key; recorded as BuilderRegistered when it changed' })
  register(@Req() request: Request, @Param('name', new ZodValidationPipe(nameSchema)) name: string, @Body(new ZodValidationPipe(registerSchema)) body: z.infer<typeof registerSchema>) {
    const actor = builderActor(request, name);
    return answering(() => this.builds.register(name, body, actor, accountKeysOf(this.accounts, name)));
  }

  @Post(':name/heartbeat')
  @HttpCode(200)
  @Authenticated('builder')
  @ApiOperation({ summary: "A builder's heartbeat with its load and running builds; answers the builds it must stop (cancelled or re-queued)" })
  heartbeat(@Req() request: Request, @Param('name', new ZodValidationPipe(nameSchema)) name: string, @Body(new ZodValidationPipe(heartbeatSchema)) body: z.infer<typeof heartbeatSchema>) {
    builderActor(request, name);
    return answering(() => this.builds.heartbeat(name, body.load, body.running));
  }

  @Post(':name/claim')
  @HttpCode(200)
  @Authenticated('builder')
  @ApiNoContentResponse({ description: 'no build waits that this builder can take (or its slots are full)' })
  @ApiOperation({ summary: 'A builder takes the next waiting build it offers a chroot for (the queue\'s fair order): the job, with its sources and apt sources' })
  async claim(@Req() request: Request, @Res({ passthrough: true }) response: Response, @Param('name', new ZodValidationPipe(nameSchema)) name: string) {
    const actor = builderActor(request, name);
    const job = await answering(() => this.builds.claim(name, actor, accountKeysOf(this.accounts, name)));
    if (!job) response.status(204);
    return job;
  }

  @Post(':name/approve')
  @HttpCode(200)
  @Authenticated('admin')
  @ApiOperation({ summary: 'An admin approves the key a builder registered: it may take builds, and results signed by that key are taken' })
  approve(@Req() request: Request, @Param('name', new ZodValidationPipe(nameSchema)) name: string, @Body(new ZodValidationPipe(approveSchema)) body: z.infer<typeof approveSchema>) {
    const actor = builderActor(request, name);
    return answering(() => this.builds.approve(name, body.fingerprint, actor));
  }
}
