import { Injectable } from '@nestjs/common';
import { repositoryDecider } from '@mbd/archive';
import { EventStore, configurationStream, handleCommand, type Actor, type RepositoryConfig } from '@mbd/events';
import { randomUUID } from 'node:crypto';
import { ConfigurationService } from '../configuration/configuration.service.js';
import { daemonCommandMetadata } from '../support/command-metadata.js';

/** Creates and changes repositories (layout, codenames, architectures, policies); each change is one event. */
@Injectable()
export class RepositoryCommandsService {
  constructor(
    private readonly store: EventStore,
    private readonly configuration: ConfigurationService,
  ) {}

  async create(config: RepositoryConfig, actor: Actor) {
    return this.decide('CreateRepository', config, actor);
  }

  async change(config: RepositoryConfig, actor: Actor) {
    return this.decide('ChangeRepository', config, actor);
  }

  private async decide(type: 'CreateRepository' | 'ChangeRepository', config: RepositoryConfig, actor: Actor) {
    const result = await handleCommand(this.store, configurationStream('repository', config.repository), repositoryDecider, {
      type,
      data: config,
      metadata: daemonCommandMetadata(randomUUID(), undefined, actor),
    });
    await this.configuration.catchUp();
    return { repository: config.repository, events: result.events.map((event) => ({ position: event.position, type: event.type })) };
  }
}
