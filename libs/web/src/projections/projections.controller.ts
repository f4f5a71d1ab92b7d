import { Body, Controller, Get, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ProjectionsService } from '@mbd/projections';
import { z } from 'zod';
import { Authenticated } from '../auth/authenticated.decorator.js';
import { ZodValidationPipe } from '../zod-validation.pipe.js';

const rebuildSchema = z.object({ name: z.string().min(1).max(100).optional() });

@ApiTags('projections')
@Controller('api/projections')
export class ProjectionsController {
  constructor(private readonly projections: ProjectionsService) {}

  @Get()
  @ApiOperation({ summary: 'Projections (read models) and their checkpoints' })
  list() {
    return this.projections.checkpoints();
  }

  @Post('rebuild')
  @Authenticated()
  @ApiOperation({ summary: 'Rebuild one projection (or all) from the log' })
  rebuild(@Body(new ZodValidationPipe(rebuildSchema)) body: z.infer<typeof rebuildSchema>) {
    return this.projections.rebuild(body.name);
  }
}
