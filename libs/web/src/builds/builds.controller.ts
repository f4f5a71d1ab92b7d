import { Controller, Get, NotFoundException, Param, Post, Query, Req, Res, Sse, UseInterceptors, type MessageEvent } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { buildDecider, type BuildCommand } from '@mbd/archive';
import { BuildFailed, BuildSucceeded, EventStore, handleCommand, uploadStream } from '@mbd/events';
import { ProjectionsService } from '@mbd/projections';
import { BlobStore } from '@mbd/repository';
import { BuildDispatcher, RemoteBuilds } from '@mbd/workflows';
import type { Request, Response } from 'express';
import { map, type Observable } from 'rxjs';
import { z } from 'zod';
import { Authenticated } from '../auth/authenticated.decorator.js';
import { buildOfParam } from '../auth/repository-reach.js';
import { principalOf } from '../auth/principal.js';
import { requestCommand } from '../auth/request-command.js';
import { ZodValidationPipe } from '../zod-validation.pipe.js';
import { SseLimitInterceptor } from '../http/sse-limit.interceptor.js';

/** The QA tools whose results a build keeps (BuildSucceeded). */
const qaToolSchema = z.enum(['piuparts', 'autopkgtest']);
const listSchema = z.object({ distribution: z.string().max(200).optional(), source: z.string().max(200).optional(), architecture: z.string().max(50).optional() });

@ApiTags('builds')
@Controller('api/builds')
export class BuildsController {
  constructor(
    private readonly store: EventStore,
    private readonly blobs: BlobStore,
    private readonly projections: ProjectionsService,
    private readonly dispatcher: BuildDispatcher,
    private readonly remoteBuilds: RemoteBuilds,
  ) {}

  @Get()
  @ApiOperation({
    summary: "The build queue: running, waiting (in fair order), dep-wait, then the latest finished builds; a waiting build no builder offers a chroot for says why (waitingFor: 'no builder offers arm64 for trixie')",
  })
  async list(@Query(new ZodValidationPipe(listSchema)) query: z.infer<typeof listSchema>) {
    const queue = await this.projections.listBuildQueue(query);
    const reasons = await this.remoteBuilds.waitingReasons(queue);
    return queue.map((item) => (reasons.has(item.buildId) ? { ...item, waitingFor: reasons.get(item.buildId) } : item));
  }

  @Post(':buildId/retry')
  @Authenticated('staff', buildOfParam)
  @ApiOperation({ summary: 'Build an architecture again after a failure or a cancel' })
  async retry(@Req() request: Request, @Param('buildId') buildId: string) {
    const build = await this.find(buildId);
    return this.decide(build.uploadId, { type: 'RetryBuild', data: { architecture: build.architecture } }, request);
  }

  @Post(':buildId/cancel')
  @Authenticated('staff', buildOfParam)
  @ApiOperation({ summary: 'Cancel a waiting or running build' })
  async cancel(@Req() request: Request, @Param('buildId') buildId: string) {
    const build = await this.find(buildId);
    return this.decide(build.uploadId, { type: 'CancelBuild', data: { architecture: build.architecture, reason: `cancelled by ${principalOf(request).name}` } }, request);
  }

  @Get(':buildId/log')
  @ApiOperation({ summary: 'The stored build log of a finished build (text/plain)' })
  async log(@Param('buildId') buildId: string, @Res() response: Response) {
    const build = await this.find(buildId);
    const events = await this.store.readStream(uploadStream(build.uploadId));
    const end = events.find((event) => (BuildSucceeded.is(event) || BuildFailed.is(event)) && event.data.buildId === buildId);
    const log = end && (BuildSucceeded.is(end) || BuildFailed.is(end)) ? end.data.log : undefined;
    if (!log) throw new NotFoundException(`build ${buildId} has no stored log (yet)`);
    response.type('text/plain').send(await this.blobs.read(log.sha256));
  }

  @Get(':buildId/qa/:tool')
  @ApiOperation({ summary: "A finished build's piuparts or autopkgtest result: {status, summary} (pass, warn, fail or error)" })
  async qa(@Param('buildId') buildId: string, @Param('tool', new ZodValidationPipe(qaToolSchema)) tool: z.infer<typeof qaToolSchema>) {
    const result = (await this.succeeded(buildId))?.[tool];
    if (!result) throw new NotFoundException(`build ${buildId} has no ${tool} result (its mode was disabled, or it has not finished)`);
    return { status: result.status, summary: result.summary };
  }

  @Get(':buildId/qa/:tool/log')
  @ApiOperation({ summary: "The stored piuparts or autopkgtest log of a finished build (text/plain)" })
  async qaLog(@Param('buildId') buildId: string, @Param('tool', new ZodValidationPipe(qaToolSchema)) tool: z.infer<typeof qaToolSchema>, @Res() response: Response) {
    const log = (await this.succeeded(buildId))?.[tool]?.log;
    if (!log) throw new NotFoundException(`build ${buildId} has no stored ${tool} log`);
    response.type('text/plain').send(await this.blobs.read(log.sha256));
  }

  @Sse(':buildId/log/stream')
  @UseInterceptors(SseLimitInterceptor)
  @ApiOperation({ summary: 'The live log of a running build, line by line (server-sent events)' })
  stream(@Param('buildId') buildId: string): Observable<MessageEvent> {
    const lines = this.dispatcher.log(buildId);
    if (!lines) throw new NotFoundException(`build ${buildId} is not running on this instance`);
    return lines.pipe(map((line) => ({ data: line })));
  }

  /** The BuildSucceeded data of a build, if it succeeded. */
  private async succeeded(buildId: string): Promise<BuildSucceeded['data'] | undefined> {
    const build = await this.find(buildId);
    const events = await this.store.readStream(uploadStream(build.uploadId));
    const end = events.find((event) => BuildSucceeded.is(event) && event.data.buildId === buildId);
    return end && BuildSucceeded.is(end) ? end.data : undefined;
  }

  private async find(buildId: string) {
    const build = (await this.projections.listBuildQueue({ finishedLimit: 10_000 })).find((item) => item.buildId === buildId);
    if (!build) throw new NotFoundException(`no build ${buildId}`);
    return build;
  }

  private async decide(uploadId: string, command: Omit<BuildCommand, 'metadata'>, request: Request) {
    const result = await handleCommand(this.store, uploadStream(uploadId), buildDecider, {
      ...command,
      metadata: requestCommand(request, uploadId),
    } as BuildCommand);
    return { events: result.events.map((event) => ({ position: event.position, type: event.type, data: event.data })) };
  }
}
