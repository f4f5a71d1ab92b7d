import { Controller, Get, Header, Param, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { repositoryIdSchema } from '@mbd/events';
import { DebdiffService } from '@mbd/workflows';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { debdiffHttpError } from '../../show/debdiff-http.js';
import { debianVersion, sourceParamSchema } from '../../show/listing-query.js';
import { ZodValidationPipe } from '../../zod-validation.pipe.js';
import { PageSessionsService } from '../session/page-sessions.service.js';
import { renderDebdiffPage } from './debdiff.page.js';

const version = debianVersion;
const debdiffQuery = z.strictObject({ repository: repositoryIdSchema, a: version, b: version });

/**
 * `GET /packages/<source>/debdiff?repository=&a=&b=`: mini-buildd's `debdiff` as a page, run by the
 * same DebdiffService as `GET /api/debdiff/…` and bounded as it is (a few at once, a time limit, capped
 * output; busy: 503 with Retry-After, a version never installed there: 404).
 */
@ApiExcludeController()
@Controller()
export class DebdiffPageController {
  constructor(
    private readonly pages: PageSessionsService,
    private readonly debdiffs: DebdiffService,
  ) {}

  @Get('packages/:source/debdiff')
  @Header('content-type', 'text/html; charset=utf-8')
  async debdiff(
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
    @Param('source', new ZodValidationPipe(sourceParamSchema)) source: string,
    @Query(new ZodValidationPipe(debdiffQuery)) query: z.infer<typeof debdiffQuery>,
  ): Promise<string> {
    const result = await this.debdiffs.debdiff(query.repository, source, query.a, query.b).catch((error: unknown) => {
      throw debdiffHttpError(error, response);
    });
    return renderDebdiffPage(this.pages.context(request), result);
  }
}
