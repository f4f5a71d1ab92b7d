import { Body, Controller, Get, HttpCode, Param, Post, Put, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { remoteFileNameSchema } from '@mbd/builder';
import { RemoteBuilds, remoteBuildIdPattern } from '@mbd/workflows';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { Authenticated } from '../auth/authenticated.decorator.js';
import { principalOf } from '../auth/principal.js';
import { AccountsService } from '../users/accounts.service.js';
import { ZodValidationPipe } from '../zod-validation.pipe.js';
import { accountKeysOf, answering, builderActor } from './builder-caller.js';

const buildIdSchema = z.string().regex(remoteBuildIdPattern, 'a build id');
const logSchema = z.object({ lines: z.array(z.string().max(64 * 1024)).max(10_000) });
const resultSchema = z.object({ manifest: z.string().min(1).max(512 * 1024) });

/**
 * The build side of remote builders: the sources of a build it holds, its live log, its result files
 * and the signed manifest. Each call is its builder's (the builder token's name, or the admin token).
 */
@ApiTags('builders')
@Controller('api/builds')
export class RemoteBuildsController {
  constructor(
    private readonly builds: RemoteBuilds,
    private readonly accounts: AccountsService,
  ) {}

  @Get(':buildId/source/:file')
  @Authenticated('builder')
  @ApiOperation({ summary: 'A source file of a build the calling builder holds (application/octet-stream)' })
  async source(
    @Req() request: Request,
    @Res() response: Response,
    @Param('buildId', new ZodValidationPipe(buildIdSchema)) buildId: string,
    @Param('file', new ZodValidationPipe(remoteFileNameSchema)) file: string,
  ) {
    const bytes = await answering(() => this.builds.sourceFile(this.caller(request), buildId, file));
    response.type('application/octet-stream').send(bytes);
  }

  @Post(':buildId/log')
  @HttpCode(204)
  @Authenticated('builder')
  @ApiOperation({ summary: "Lines of a running remote build's log, shown live as a local build's (/builds/<id>, its SSE stream)" })
  async log(@Req() request: Request, @Param('buildId', new ZodValidationPipe(buildIdSchema)) buildId: string, @Body(new ZodValidationPipe(logSchema)) body: z.infer<typeof logSchema>) {
    await answering(() => this.builds.appendLog(this.caller(request), buildId, body.lines));
  }

  @Put(':buildId/result/:file')
  @Authenticated('builder')
  @ApiOperation({ summary: 'One result file of a remote build (application/octet-stream), kept until its manifest comes' })
  putResult(
    @Req() request: Request,
    @Param('buildId', new ZodValidationPipe(buildIdSchema)) buildId: string,
    @Param('file', new ZodValidationPipe(remoteFileNameSchema)) file: string,
  ) {
    return answering(() => this.builds.putResultFile(this.caller(request), buildId, file, request));
  }

  @Post(':buildId/result')
  @HttpCode(200)
  @Authenticated('builder')
  @ApiOperation({
    summary:
      "A remote build's result: its manifest {buildId, status, reason, seconds, stages, changes, log, files} clearsigned by the builder's approved key; checked (signature, files' SHA-256, the result's identity), then recorded as a local build's. Refused results are recorded (BuildResultRefused) and the build re-queued",
  })
  submit(@Req() request: Request, @Param('buildId', new ZodValidationPipe(buildIdSchema)) buildId: string, @Body(new ZodValidationPipe(resultSchema)) body: z.infer<typeof resultSchema>) {
    const name = this.caller(request);
    const actor = builderActor(request, name);
    return answering(() => this.builds.submitResult(name, buildId, body.manifest, actor, accountKeysOf(this.accounts, name)));
  }

  /**
   * The builder making the call: a builder token's account; with the admin token, the builder named in
   * X-Mbd-Builder (a builder started with the admin token before builder accounts existed).
   */
  private caller(request: Request): string {
    const principal = principalOf(request);
    if (principal.role === 'builder') return principal.name;
    const named = request.headers['x-mbd-builder'];
    return typeof named === 'string' && named.length > 0 ? named : principal.name;
  }
}
