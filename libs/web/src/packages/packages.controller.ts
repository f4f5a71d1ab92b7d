import { Body, Controller, Get, Post, Query, Req } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ProjectionsService } from '@mbd/projections';
import { ArchiveCommandsService, InstallChangesService } from '@mbd/workflows';
import type { Request } from 'express';
import { z } from 'zod';
import { Authenticated } from '../auth/authenticated.decorator.js';
import { distributionsIn } from '../auth/repository-reach.js';
import { requestCommand } from '../auth/request-command.js';
import { ZodValidationPipe } from '../zod-validation.pipe.js';

const name = z.string().min(1).max(200);
const listSchema = z.object({ distribution: name.optional(), source: name.optional() });
const migrateSchema = z.strictObject({ distribution: name, source: name, full: z.boolean().default(false) });
const removeSchema = z.strictObject({ distribution: name, source: name, version: name.optional(), reason: z.string().max(500).optional() });
const rollbackSchema = z.strictObject({ distribution: name, source: name, rollback: z.number().int().min(0).max(99) });
const installSchema = z.strictObject({
  distribution: name.optional(),
  files: z.array(z.strictObject({ name, content: z.base64() })).min(2).max(200),
});

@ApiTags('packages')
@Controller('api/packages')
export class PackagesController {
  constructor(
    private readonly projections: ProjectionsService,
    private readonly archive: ArchiveCommandsService,
    private readonly installer: InstallChangesService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Source and binary versions per distribution' })
  list(@Query(new ZodValidationPipe(listSchema)) query: z.infer<typeof listSchema>) {
    return this.projections.listRepositoryState(query);
  }

  @Get('rollbacks')
  @ApiOperation({ summary: 'Rollback history per source and distribution' })
  rollbacks(@Query(new ZodValidationPipe(listSchema)) query: z.infer<typeof listSchema>) {
    return this.projections.listRollbackHistory(query);
  }

  @Post('migrate')
  @Authenticated('staff', distributionsIn('distribution'))
  @ApiOperation({ summary: 'Migrate a source to the suite its distribution migrates to (or along the whole chain)' })
  migrate(@Req() request: Request, @Body(new ZodValidationPipe(migrateSchema)) body: z.infer<typeof migrateSchema>) {
    return body.full
      ? this.archive.migrateAll(body.distribution, body.source, requestCommand(request))
      : this.archive.migrate(body.distribution, body.source, requestCommand(request));
  }

  @Post('remove')
  @Authenticated('staff', distributionsIn('distribution'))
  @ApiOperation({ summary: 'Remove a source and its binaries from a distribution (it moves to rollback0)' })
  remove(@Req() request: Request, @Body(new ZodValidationPipe(removeSchema)) body: z.infer<typeof removeSchema>) {
    return this.archive.remove(body.distribution, body.source, { version: body.version, reason: body.reason }, requestCommand(request));
  }

  @Post('rollback')
  @Authenticated('staff', distributionsIn('distribution'))
  @ApiOperation({ summary: 'Restore the version kept in <distribution>-rollback<N>' })
  rollback(@Req() request: Request, @Body(new ZodValidationPipe(rollbackSchema)) body: z.infer<typeof rollbackSchema>) {
    return this.archive.restore(body.distribution, body.source, body.rollback, requestCommand(request));
  }

  @Post('install')
  @Authenticated('staff', distributionsIn('distribution'))
  @ApiOperation({ summary: 'Install a prebuilt, signed binary .changes (files base64-encoded) without building' })
  install(@Req() request: Request, @Body(new ZodValidationPipe(installSchema)) body: z.infer<typeof installSchema>) {
    const files = body.files.map((file) => ({ name: file.name, bytes: Buffer.from(file.content, 'base64') }));
    return this.installer.install(files, requestCommand(request), body.distribution);
  }
}
