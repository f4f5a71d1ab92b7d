import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { InjectConfig, type MbdConfig } from '@mbd/config';
import { ConfigurationService } from '@mbd/workflows';
import { z } from 'zod';
import { ZodValidationPipe } from '../zod-validation.pipe.js';
import { statusAnswer } from './status-answer.js';
import { StatusRegistry } from './status.service.js';

const flag = z.enum(['', '1', 'true', '0', 'false']).transform((value) => value === '' || value === '1' || value === 'true');
/** mini-buildd's `--with-repositories` (`with_repositories` over HTTP). */
const statusQuerySchema = z.object({ with_repositories: flag.optional(), 'with-repositories': flag.optional() });

@ApiTags('status')
@Controller('api/status')
export class StatusController {
  constructor(
    private readonly registry: StatusRegistry,
    @InjectConfig() private readonly config: MbdConfig,
    private readonly configuration: ConfigurationService,
  ) {}

  @Get()
  @ApiOperation({
    summary:
      "Daemon status: mini-buildd's fields (identity, url, incoming_url, load, chroots, remotes; repositories with ?with_repositories=1), then the event store, projections, archive reactor, builds, remote builders, followers and incoming",
  })
  @ApiQuery({ name: 'with_repositories', required: false, description: "each repository's codenames and suites (uploadable, experimental, migrates_to)" })
  status(@Query(new ZodValidationPipe(statusQuerySchema)) query: z.infer<typeof statusQuerySchema>) {
    return statusAnswer(
      { registry: this.registry, config: this.config, configuration: this.configuration },
      { withRepositories: query.with_repositories === true || query['with-repositories'] === true },
    );
  }
}
