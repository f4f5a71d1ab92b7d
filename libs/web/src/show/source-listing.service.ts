import { Injectable } from '@nestjs/common';
import { resolveDistribution } from '@mbd/archive';
import { InjectConfig, type MbdConfig } from '@mbd/config';
import { ProjectionsService } from '@mbd/projections';
import { repositoryPaths } from '@mbd/repository';
import { ConfigurationService } from '@mbd/workflows';
import { componentInPool } from './pool-components.js';
import { lsOf, showOf, type ListingFilter, type LsListing, type Placement, type ShowListing } from './source-listing.js';

/** `ls` and `show` of a source: the repository state's placements, the components their .dsc files are in, the configuration's suites. */
@Injectable()
export class SourceListingService {
  private readonly trees: string;

  constructor(
    @InjectConfig() config: MbdConfig,
    private readonly projections: ProjectionsService,
    private readonly configuration: ConfigurationService,
  ) {
    this.trees = repositoryPaths(config.dataDir).repositories;
  }

  async ls(source: string, filter: ListingFilter): Promise<LsListing> {
    return lsOf(await this.placements(source), filter);
  }

  async show(source: string, filter: ListingFilter): Promise<ShowListing> {
    return showOf(source, await this.placements(source), this.repositories(), filter);
  }

  private repositories() {
    return [...this.configuration.current().repositories.values()];
  }

  private async placements(source: string): Promise<Placement[]> {
    const repositories = this.repositories();
    const rows = await this.projections.listRepositoryState({ source });
    return Promise.all(
      rows.map(async (row) => {
        const resolved = resolveDistribution(repositories, row.distribution);
        const component = resolved.ok ? await componentInPool(this.trees, resolved.config.repository, source, row.version, resolved.settings.components) : null;
        return { distribution: row.distribution, version: row.version, uploadId: row.uploadId, since: row.since, component };
      }),
    );
  }
}
