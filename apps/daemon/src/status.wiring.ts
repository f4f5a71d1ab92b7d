import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectConfig, type MbdConfig } from '@mbd/config';
import { EventStore, type LogFollower } from '@mbd/events';
import { IncomingRunner } from '@mbd/incoming';
import { ProjectionsService } from '@mbd/projections';
import { ArchiveReactor } from '@mbd/repository';
import { StatusRegistry } from '@mbd/web';
import { BuildDispatcher, WORKFLOW_FOLLOWERS } from '@mbd/workflows';

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
      status: () => Promise.all([...this.followers, this.archive.follower].map((follower) => follower.status())),
    });
    this.registry.register({ name: 'incoming', status: () => ({ ftpPort: this.incoming.ftpPort, httpUpload: '/upload/<file>' }) });
  }
}
