import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectConfig, type MbdConfig } from '@mbd/config';
import { EventStore, type LogFollower } from '@mbd/events';
import { IncomingRunner } from '@mbd/incoming';
import { ProjectionsService } from '@mbd/projections';
import { ArchiveReactor } from '@mbd/repository';
import { StatusRegistry } from '@mbd/web';
import { BuildDispatcher, ConfigurationService, WORKFLOW_FOLLOWERS } from '@mbd/workflows';

/** Registers each part's status with /api/status. */
@Injectable()
export class StatusWiring implements OnModuleInit {
  constructor(
    @InjectConfig() private readonly config: MbdConfig,
    private readonly registry: StatusRegistry,
    private readonly store: EventStore,
    private readonly projections: ProjectionsService,
    private readonly archive: ArchiveReactor,
    private readonly builds: BuildDispatcher,
    private readonly incoming: IncomingRunner,
    private readonly configuration: ConfigurationService,
    @Inject(WORKFLOW_FOLLOWERS) private readonly followers: LogFollower[],
  ) {}

  onModuleInit(): void {
    this.registry.register({
      name: 'eventStore',
      status: async () => ({ adapter: this.config.eventStore, head: await this.store.headPosition() }),
    });
    this.registry.register({ name: 'projections', status: () => this.projections.checkpoints() });
    this.registry.register({ name: 'archive', status: () => this.archive.status() });
    this.registry.register({ name: 'builds', status: () => this.builds.status() });
    this.registry.register({
      name: 'followers',
      status: () => Promise.all(this.allFollowers().map((follower) => follower.status())),
    });
    this.registry.register({ name: 'incoming', status: () => ({ ftpPort: this.incoming.ftpPort, httpUpload: '/upload/<file>' }) });
  }

  /** Every follower of the log: the process managers, the archive reactor, the build dispatcher, the configuration view. */
  private allFollowers(): LogFollower[] {
    const builds = this.config.buildJobs > 0 ? [this.builds.follower] : [];
    return [...this.followers, this.archive.follower, ...builds, ...(this.configuration.follower ? [this.configuration.follower] : [])];
  }
}
