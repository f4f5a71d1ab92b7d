import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { InjectConfig, type MbdConfig } from '@mbd/config';
import { ConfigurationService } from '@mbd/workflows';
import { z } from 'zod';
import { publicHostOf } from '@mbd/config';
import { ZodValidationPipe } from '../zod-validation.pipe.js';
import { miniBuilddStatus } from './mini-buildd-status.js';
import { StatusRegistry } from './status.service.js';

const flag = z.enum(['', '1', 'true', '0', 'false']).transform((value) => value === '' || value === '1' || value === 'true');
/** mini-buildd's `--with-repositories` (`with_repositories` over HTTP). */
const statusQuerySchema = z.object({ with_repositories: flag.optional(), 'with-repositories': flag.optional() });

@ApiTags('status')
@Controller('api/status')
export class StatusController {
  private readonly startedAt = new Date();

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
  async status(@Query(new ZodValidationPipe(statusQuerySchema)) query: z.infer<typeof statusQuerySchema>) {
    const parts = await this.registry.collect();
    const builds = parts['builds'] as { running?: unknown; slots?: unknown } | undefined;
    const builders = Array.isArray(parts['builders']) ? (parts['builders'] as { name: string; state: string }[]) : [];
    const configuration = this.configuration.current();
    return {
      version: '0.1.0',
      ...miniBuilddStatus({
        host: publicHostOf(this.config),
        httpPort: this.config.httpPort,
        ftpPort: this.config.ftpPort,
        runningBuilds: Array.isArray(builds?.running) ? builds.running.length : 0,
        buildSlots: typeof builds?.slots === 'number' ? builds.slots : 0,
        chroots: configuration.chroots?.values() ?? [],
        remotes: builders.filter((builder) => builder.state === 'online').map((builder) => builder.name),
        ...(query.with_repositories || query['with-repositories'] ? { repositories: configuration.repositories.values() } : {}),
      }),
      startedAt: this.startedAt.toISOString(),
      uptimeSeconds: Math.round((Date.now() - this.startedAt.getTime()) / 1000),
      ...parts,
    };
  }
}
