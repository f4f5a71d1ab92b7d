import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { InjectConfig, type MbdConfig } from '@mbd/config';
import { EventStore } from '@mbd/events';
import { ArchiveKey } from '@mbd/gpg';
import { BlobStore, diffArchive, rebuildRepository, type LogBound } from '@mbd/repository';
import { join } from 'node:path';
import { z } from 'zod';
import { Authenticated } from '../auth/authenticated.decorator.js';
import { ZodValidationPipe } from '../zod-validation.pipe.js';

const bound = z.union([z.string().regex(/^\d+$/).transform((position): LogBound => ({ position: Number(position) })), z.iso.datetime({ offset: true }).transform((time): LogBound => ({ time }))]);
const rebuildSchema = z.object({
  at: z.iso.datetime({ offset: true }).optional(),
  position: z.number().int().min(0).optional(),
  out: z.string().startsWith('/').optional(),
});
const diffSchema = z.object({ from: bound, to: bound });

/** Replay and time travel: trees rebuilt from the log alone, and what changed between two moments. */
@ApiTags('archive')
@Controller('api/archive')
export class ArchiveController {
  constructor(
    @InjectConfig() private readonly config: MbdConfig,
    private readonly store: EventStore,
    private readonly blobs: BlobStore,
    private readonly key: ArchiveKey,
  ) {}

  @Post('rebuild')
  @Authenticated()
  @ApiOperation({ summary: 'Build reprepro trees from the log alone (now, or as of a time or position) into a fresh directory' })
  async rebuild(@Body(new ZodValidationPipe(rebuildSchema)) body: z.infer<typeof rebuildSchema>) {
    const until: LogBound | undefined = body.position !== undefined ? { position: body.position } : body.at ? { time: body.at } : undefined;
    const out = body.out ?? join(this.config.dataDir, 'cache', 'rebuild', new Date().toISOString().replace(/[:.]/g, '-'));
    const result = await rebuildRepository({ store: this.store, blobs: this.blobs, key: this.key, out, until });
    return { out, ...result };
  }

  @Get('diff')
  @ApiOperation({ summary: 'What entered and left each distribution between two times or positions, with the events that caused it' })
  async diff(@Query(new ZodValidationPipe(diffSchema)) query: z.infer<typeof diffSchema>) {
    return diffArchive(this.store, query.from, query.to);
  }
}
