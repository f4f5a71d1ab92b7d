import { Body, Controller, Get, Post, Query, Req } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ArchiveCommandsService, ExternalPortService, PortLineageService } from '@mbd/workflows';
import type { Request } from 'express';
import { z } from 'zod';
import { Authenticated } from '../auth/authenticated.decorator.js';
import { distributionsIn } from '../auth/repository-reach.js';
import { ZodValidationPipe } from '../zod-validation.pipe.js';
import { requestCommand } from '../auth/request-command.js';

const name = z.string().min(1).max(200);
const targets = z.array(name).min(1).max(50);
/** mini-buildd's upload options, `key=value` or `key[arch]=value`: the port's decider checks them (checkUploadOptions) and records a refusal. */
const uploadOption = z.string().min(1).max(1000);
const portOptions = { version: name.optional(), options: z.array(uploadOption).max(50).optional() };
const portSchema = z.strictObject({ source: name, from: name, to: targets, ...portOptions });
const portExtSchema = z.strictObject({ dsc: z.string().min(1).max(2000), to: targets, allowUnauthenticated: z.boolean().default(false), ...portOptions });
const portsQuery = z.strictObject({ source: name.optional(), distribution: name.optional() });

/** mini-buildd's port and port_ext: a port is a new source version mbd makes, signs and uploads to itself. */
@ApiTags('packages')
@Controller('api/packages')
export class PortsController {
  constructor(
    private readonly archive: ArchiveCommandsService,
    private readonly externalPorts: ExternalPortService,
    private readonly lineage: PortLineageService,
  ) {}

  @Post('port')
  @Authenticated('staff', distributionsIn('to'))
  @ApiOperation({
    summary:
      "Port a source from one distribution to others (mini-buildd's port): a no-changes upload with the port version (from == to: a rebuild); options default to lintian-mode=ignore",
  })
  port(@Req() request: Request, @Body(new ZodValidationPipe(portSchema)) body: z.infer<typeof portSchema>) {
    return this.archive.port(body.source, body.from, body.to, { version: body.version, options: body.options }, requestCommand(request));
  }

  @Post('port-ext')
  @Authenticated('staff', distributionsIn('to'))
  @ApiOperation({
    summary:
      "Port an external .dsc (mini-buildd's port_ext): downloads it and its files within the upload limits, checks its signature against the repository's uploaders (unless allowUnauthenticated) and its checksums",
  })
  portExt(@Req() request: Request, @Body(new ZodValidationPipe(portExtSchema)) body: z.infer<typeof portExtSchema>) {
    return this.externalPorts.port(body, requestCommand(request));
  }

  @Get('ports')
  @ApiOperation({ summary: 'Ports, newest first: where each came from (distribution or .dsc URL and version) and the upload that carries it' })
  ports(@Query(new ZodValidationPipe(portsQuery)) query: z.infer<typeof portsQuery>) {
    return this.lineage.list(query);
  }
}
