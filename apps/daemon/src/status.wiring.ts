import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectConfig, type MbdConfig } from '@mbd/config';
import { EventStore } from '@mbd/events';
import { ProjectionsService } from '@mbd/projections';
import { StatusRegistry } from '@mbd/web';

/** Registers each part's status with /api/status. */
@Injectable()
export class StatusWiring implements OnModuleInit {
  constructor(
    @InjectConfig() private readonly config: MbdConfig,
    private readonly registry: StatusRegistry,
    private readonly store: EventStore,
    private readonly projections: ProjectionsService,
  ) {}

  onModuleInit(): void {
    this.registry.register({
      name: 'eventStore',
      status: async () => ({ adapter: this.config.eventStore, head: await this.store.headPosition() }),
    });
    this.registry.register({ name: 'projections', status: () => this.projections.checkpoints() });
  }
}
