import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { repositoryIdSchema } from '@mbd/events';
import { DebdiffService } from '@mbd/workflows';
import type { Response } from 'express';
import { z } from 'zod';
import { ZodValidationPipe } from '../zod-validation.pipe.js';
import { debdiffHttpError } from './debdiff-http.js';
import { debianVersion, sourceParamSchema } from './listing-query.js';

const debdiffQuerySchema = z.strictObject({ versiona: debianVersion, versionb: debianVersion });

/** mini-buildd's `debdiff`: anonymous, so bounded by DebdiffService (a few at once, a time limit). */
@ApiTags('packages')
@Controller('api/debdiff')
export class DebdiffController {
  constructor(private readonly debdiffs: DebdiffService) {}

  @Get(':repository/:source')
  @ApiOperation({
    summary: "debdiff between two versions of a source installed in a repository (404: a version never installed there; 503 with Retry-After: busy)",
  })
  async debdiff(
    @Param('repository', new ZodValidationPipe(repositoryIdSchema)) repository: string,
    @Param('source', new ZodValidationPipe(sourceParamSchema)) source: string,
    @Query(new ZodValidationPipe(debdiffQuerySchema)) query: z.infer<typeof debdiffQuerySchema>,
    @Res({ passthrough: true }) response: Response,
  ) {
    return this.debdiffs.debdiff(repository, source, query.versiona, query.versionb).catch((error: unknown) => {
      throw debdiffHttpError(error, response);
    });
  }
}
