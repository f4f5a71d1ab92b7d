import { Body, Controller, Delete, Get, Param, Post, Req } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { SnapshotsService } from '@mbd/workflows';
import type { Request } from 'express';
import { z } from 'zod';
import { Authenticated } from '../auth/authenticated.decorator.js';
import { requestCommand } from '../auth/request-command.js';
import { ZodValidationPipe } from '../zod-validation.pipe.js';
import { answerSnapshotCommand } from './snapshot-refusal-status.js';

const createSchema = z.strictObject({
  distribution: z.string().min(1).max(200),
  name: z.string().min(1).max(200),
  /** A global log position or an ISO 8601 time; default: now (the head of the log). */
  at: z.string().min(1).max(64).optional(),
});


/**
 * mini-buildd's snapshot_ls, snapshot_create and snapshot_delete. A snapshot is a name for a log
 * position: it costs one event, can name any past moment (`at`), and is served at
 * `/repositories/<id>/dists/<distribution>/snapshots/<name>/` to anyone.
 */
@ApiTags('snapshots')
@Controller('api/snapshots')
export class SnapshotsController {
  constructor(private readonly snapshots: SnapshotsService) {}

  @Get(':distribution')
  @ApiOperation({ summary: 'snapshot_ls: the snapshots of a distribution (name, the log position it denotes, when it was made)' })
  list(@Param('distribution') distribution: string) {
    return this.snapshots.list(distribution);
  }

  @Post()
  @Authenticated('staff')
  @ApiOperation({
    summary:
      'snapshot_create: name a stable-type distribution as of now, or as of `at` (a log position or an ISO time): a snapshot is a name for a log position, so it costs nothing and can name any past moment',
  })
  async create(@Req() request: Request, @Body(new ZodValidationPipe(createSchema)) body: z.infer<typeof createSchema>) {
    return answerSnapshotCommand(await this.snapshots.create(body.distribution, body.name, body.at, requestCommand(request)));
  }

  @Delete(':distribution/:name')
  @Authenticated('staff')
  @ApiOperation({ summary: 'snapshot_delete: stop publishing a snapshot (the log keeps that it existed)' })
  async delete(@Req() request: Request, @Param('distribution') distribution: string, @Param('name') name: string) {
    return answerSnapshotCommand(await this.snapshots.delete(distribution, name, requestCommand(request)));
  }
}
