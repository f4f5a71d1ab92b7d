import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ProjectionsService } from '@mbd/projections';
import { ArchiveCommandsService, InstallChangesService, daemonCommandMetadata } from '@mbd/workflows';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { Authenticated } from '../auth/authenticated.decorator.js';
import { ZodValidationPipe } from '../zod-validation.pipe.js';

const name = z.string().min(1).max(200);
const listSchema = z.object({ distribution: name.optional(), source: name.optional() });
const migrateSchema = z.object({ distribution: name, source: name, full: z.boolean().default(false) });
const removeSchema = z.object({ distribution: name, source: name, version: name.optional(), reason: z.string().max(500).optional() });
const rollbackSchema = z.object({ distribution: name, source: name, rollback: z.number().int().min(0).max(99) });
const installSchema = z.object({
  distribution: name.optional(),
  files: z.array(z.object({ name, content: z.base64() })).min(2).max(200),
});

/** The admin acting through the API (token holder); commands carry a fresh correlation id. */
export const adminCommand = () => daemonCommandMetadata(randomUUID(), undefined, { kind: 'user', name: 'admin' });

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
  @Authenticated()
  @ApiOperation({ summary: 'Migrate a source to the suite its distribution migrates to (or along the whole chain)' })
  migrate(@Body(new ZodValidationPipe(migrateSchema)) body: z.infer<typeof migrateSchema>) {
    return body.full
      ? this.archive.migrateAll(body.distribution, body.source, adminCommand())
      : this.archive.migrate(body.distribution, body.source, adminCommand());
  }

  @Post('remove')
  @Authenticated()
  @ApiOperation({ summary: 'Remove a source and its binaries from a distribution (it moves to rollback0)' })
  remove(@Body(new ZodValidationPipe(removeSchema)) body: z.infer<typeof removeSchema>) {
    return this.archive.remove(body.distribution, body.source, { version: body.version, reason: body.reason }, adminCommand());
  }

  @Post('rollback')
  @Authenticated()
  @ApiOperation({ summary: 'Restore the version kept in <distribution>-rollback<N>' })
  rollback(@Body(new ZodValidationPipe(rollbackSchema)) body: z.infer<typeof rollbackSchema>) {
    return this.archive.restore(body.distribution, body.source, body.rollback, adminCommand());
  }

  @Post('install')
  @Authenticated()
  @ApiOperation({ summary: 'Install a prebuilt, signed binary .changes (files base64-encoded) without building' })
  install(@Body(new ZodValidationPipe(installSchema)) body: z.infer<typeof installSchema>) {
    const files = body.files.map((file) => ({ name: file.name, bytes: Buffer.from(file.content, 'base64') }));
    return this.installer.install(files, adminCommand(), body.distribution);
  }
}
