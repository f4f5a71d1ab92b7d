import { Body, Controller, Get, Post, Req } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ChrootCommandsService } from '@mbd/workflows';
import type { Request } from 'express';
import { z } from 'zod';
import { Authenticated } from '../auth/authenticated.decorator.js';
import { principalOf } from '../auth/principal.js';
import { ZodValidationPipe } from '../zod-validation.pipe.js';

const chrootSchema = z.object({ codename: z.string().regex(/^[a-z][a-z0-9]*$/), architecture: z.string().regex(/^[a-z0-9][a-z0-9-]*$/) });
type ChrootBody = z.infer<typeof chrootSchema>;

@ApiTags('chroots')
@Controller('api/chroots')
export class ChrootsController {
  constructor(private readonly chroots: ChrootCommandsService) {}

  @Get()
  @ApiOperation({ summary: 'Build chroots of this instance' })
  list() {
    return this.chroots.list();
  }

  @Post('create')
  @Authenticated()
  @ApiOperation({ summary: 'Make the chroot for a codename and architecture (mmdebstrap; about a minute)' })
  create(@Req() request: Request, @Body(new ZodValidationPipe(chrootSchema)) body: ChrootBody) {
    return this.chroots.create(body.codename, body.architecture, principalOf(request).name);
  }

  @Post('update')
  @Authenticated()
  @ApiOperation({ summary: 'Remake a chroot from its mirror' })
  update(@Req() request: Request, @Body(new ZodValidationPipe(chrootSchema)) body: ChrootBody) {
    return this.chroots.update(body.codename, body.architecture, principalOf(request).name);
  }

  @Post('remove')
  @Authenticated()
  @ApiOperation({ summary: 'Remove a chroot (refused while a build uses it)' })
  remove(@Req() request: Request, @Body(new ZodValidationPipe(chrootSchema)) body: ChrootBody) {
    return this.chroots.remove(body.codename, body.architecture, principalOf(request).name);
  }
}
